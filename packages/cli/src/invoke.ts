import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { Delimiter, Eol } from '@csvfn/core';
import { CliError, describeFileError, EXIT_DATA, EXIT_USAGE } from './errors.js';
import { importOptionalPeer } from './optionalPeer.js';
import type { ProgramIo } from './program.js';

/** The flags of `csvfn invoke`. */
export interface InvokeFlags {
  function: string;
  region?: string;
  endpoint?: string;
  qualifier?: string;
  streaming?: boolean;
  output?: string;
  delimiter?: Delimiter;
  bom?: boolean;
  header?: boolean;
  eol?: Eol;
  apiKey?: string;
}

/** The invoke payload has no host; the function only sees the path and query. */
const ORIGIN = 'https://lambda-invoke.csvfn.invalid';

/**
 * `csvfn invoke`: sends a JSON array or NDJSON file to a deployed csvfn Lambda function through
 * the Invoke API (via `createInvoker` of `@csvfn/client`) and writes the CSV it answers, byte for
 * byte. A problem answer (422, 413, …) is printed with its row pointers, exit code 1.
 */
export async function invokeCommand(
  input: string | undefined,
  flags: InvokeFlags,
  io: ProgramIo,
): Promise<void> {
  const body = await readInput(input, io);
  const endpoint = flags.endpoint === undefined ? undefined : parseEndpoint(flags.endpoint);
  // The SDK warns on every run under Node 20 that its releases after January 2027 will need Node 22:
  // news for the project's maintainers, not for someone converting a file. Set it to "false" to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Loaded here, not at start-up: only this command needs Lambda Invoke and the AWS SDK behind it,
  // an optional peer: a clear message when it is not installed.
  await importOptionalPeer('@aws-sdk/client-lambda', () => import('@aws-sdk/client-lambda'));
  const { createInvoker, LambdaFunctionError, resolveLambdaConfig } = await import('@csvfn/client/lambda');
  // A loopback --endpoint alone is enough: the client fills in a region and dummy credentials.
  const clientConfig = resolveLambdaConfig({
    ...(flags.region ? { region: flags.region } : {}),
    ...(endpoint ? { endpoint: endpoint.href.replace(/\/$/, '') } : {}),
  });
  const region = clientConfig.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  const invoker = createInvoker({
    functionName: flags.function,
    qualifier: flags.qualifier,
    streaming: flags.streaming,
    clientConfig,
  });

  const query = new URLSearchParams();
  if (flags.delimiter !== undefined) query.set('delimiter', flags.delimiter);
  if (flags.header === false) query.set('header', 'false');
  if (flags.bom) query.set('bom', 'true');
  if (flags.eol !== undefined) query.set('eol', flags.eol);
  const request = new Request(`${ORIGIN}/${query.size > 0 ? `?${query}` : ''}`, {
    method: 'POST',
    headers: {
      'Content-Type': isJsonArray(body) ? 'application/json' : 'application/x-ndjson',
      Accept: 'text/csv',
      ...(flags.apiKey ? { Authorization: `Bearer ${flags.apiKey}` } : {}),
    },
    body,
  });

  let response: Response;
  let bytes: Uint8Array;
  try {
    response = await invoker.fetch(request);
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    if (error instanceof LambdaFunctionError)
      throw new CliError(
        `the function failed (${error.functionError}): ${error.errorType}: ${error.message}`,
        EXIT_DATA,
      );
    throw explainAwsError(error, flags, region, endpoint);
  }
  if (!response.ok) throw new CliError(describeProblem(response, bytes), EXIT_DATA);
  await writeOutput(bytes, flags.output, io);
}

async function readInput(input: string | undefined, io: ProgramIo): Promise<Buffer<ArrayBuffer>> {
  if (input === undefined || input === '-') {
    if (io.stdin.isTTY) throw new CliError('no input: name a JSON or NDJSON file, or pipe one in');
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks) as Buffer<ArrayBuffer>;
  }
  try {
    return await readFile(input);
  } catch (error) {
    throw describeFileError(input, error);
  }
}

function parseEndpoint(value: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  } catch {}
  throw new CliError(`--endpoint ${value}: not an http(s) URL, e.g. http://127.0.0.1:9001`);
}

function isJsonArray(body: Uint8Array): boolean {
  const start = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  for (let i = start; i < body.length; i++) {
    const byte = body[i]!;
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x5b;
  }
  return true;
}

/** A problem answer as the user needs it: status, title, detail, and each row issue. */
function describeProblem(response: Response, bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes);
  let problem: { title?: string; detail?: string; errors?: Array<{ pointer: string; message: string }> } = {};
  try {
    problem = JSON.parse(text);
  } catch {
    problem = { detail: text.slice(0, 500) };
  }
  const lines = [
    `the function answered ${response.status}${problem.title ? ` (${problem.title})` : ''}${problem.detail ? `: ${problem.detail}` : ''}`,
  ];
  for (const issue of problem.errors ?? []) {
    const row = /^\/(\d+)/.exec(issue.pointer)?.[1];
    lines.push(`  ${row === undefined ? '' : `row ${Number(row) + 1}: `}${issue.pointer}: ${issue.message}`);
  }
  return lines.join('\n');
}

function explainAwsError(
  error: unknown,
  flags: InvokeFlags,
  region: string | undefined,
  endpoint: URL | undefined,
): CliError {
  const name = (error as { name?: string }).name ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  if (name === 'ResourceNotFoundException')
    return new CliError(
      `no function "${flags.function}"${region ? ` in ${region}` : ''}: ${message}`,
      EXIT_USAGE,
    );
  if (name === 'CredentialsProviderError' || /credential/i.test(message))
    return new CliError(
      'no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
      EXIT_USAGE,
    );
  if (/region is missing/i.test(message))
    return new CliError('no AWS region: pass --region or set AWS_REGION', EXIT_USAGE);
  if (name === 'RequestEntityTooLargeException')
    return new CliError(`the input is over Lambda's invoke payload limit (6 MB): ${message}`, EXIT_DATA);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ECONNRESET' || code === 'ETIMEDOUT')
    return new CliError(`cannot reach ${endpoint?.origin ?? 'the Lambda API'} (${code})`, EXIT_DATA);
  return new CliError(`${name || 'error'}: ${message}`, EXIT_DATA);
}

async function writeOutput(bytes: Uint8Array, output: string | undefined, io: ProgramIo): Promise<void> {
  if (output === undefined || output === '-') {
    await new Promise<void>((resolve, reject) =>
      io.stdout.write(bytes, (error) => (error ? reject(error) : resolve())),
    );
    return;
  }
  const temporary = `${output}.${process.pid}.csvfn-partial`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, output);
  } catch (error) {
    await rm(temporary, { force: true });
    throw describeFileError(output, error);
  }
}
