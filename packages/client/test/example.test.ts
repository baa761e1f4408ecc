// examples/lambda as it deploys: its tsup bundle (dist/index.mjs), loaded by a Node process of
// its own on the local Lambda (examples/lambda/local.mjs), reached over HTTP as a Function URL and
// through createInvoker on @aws-sdk/client-lambda. (Kept beside the client's tests: it exercises the
// adapter, the local Lambda and the invoker together, and only this package may depend on all three.)
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvoker, ProblemError } from '../src/lambda/index.js';

const example = fileURLToPath(new URL('../../../examples/lambda/', import.meta.url));
const tsup = fileURLToPath(new URL('../../../node_modules/.bin/tsup', import.meta.url));
const bundle = `${example}dist/index.mjs`;

const SEED = [
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
];
const SEED_CSV =
  'Name,Age,Job Title,Badge Number\r\nJohn Doe,45,Software Developer,58195\r\nJane Doe,32,Software Developer,58191\r\n';

const running: ChildProcess[] = [];

/** Starts `node local.mjs` (the example's own local runner) and resolves with its URL. */
function startExample(args: string[] = [], env: Record<string, string> = {}): Promise<string> {
  const child = spawn(process.execPath, ['local.mjs', ...args], {
    cwd: example,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    child.once('exit', (code) => reject(new Error(`local.mjs exited with ${code}: ${output}`)));
  });
}

const invoker = (url: string, streaming = false) =>
  createInvoker({
    functionName: 'csvfn-employees',
    streaming,
    // As the example README shows it: a loopback endpoint alone (issue 16).
    clientConfig: { endpoint: url, maxAttempts: 1 },
  });

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

let buffered: string;
let streaming: string;
let keyed: string;

beforeAll(async () => {
  await promisify(execFile)(tsup, [], { cwd: example });
  [buffered, streaming, keyed] = await Promise.all([
    startExample(),
    startExample(['--streaming']),
    startExample([], { CSVFN_API_KEY: 'test-key' }),
  ]);
});

afterAll(() => {
  for (const child of running) child.kill();
});

describe('examples/lambda', () => {
  it('bundles into one self-contained module, small and quick to import', async () => {
    const code = await readFile(bundle);
    // Node's built-ins (zlib for compressed answers, module to load it where Node has no
    // process.getBuiltinModule) come with the Lambda runtime; nothing else may be imported.
    expect(code.toString()).not.toMatch(
      /\bfrom\s*["'](?!(?:node:)?(?:stream|zlib|module)["'])[^"']+["']|\brequire\(|@aws-sdk/,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--input-type=module',
      '-e',
      `const t = performance.now(); await import(${JSON.stringify(bundle)}); console.log((performance.now() - t).toFixed(1));`,
    ]);
    console.info(
      `examples/lambda bundle: ${((await stat(bundle)).size / 1024).toFixed(1)} KiB min, ` +
        `${(gzipSync(code).byteLength / 1024).toFixed(1)} KiB min+gz, import ${stdout.trim()} ms`,
    );
    // A guard against bundling the AWS SDK or all of zod by accident.
    expect(gzipSync(code).byteLength).toBeLessThan(30 * 1024);
  });

  it("answers the seed's request through the Function URL front", async () => {
    const response = await post(buffered, JSON.stringify(SEED));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="data.csv"');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new TextEncoder().encode(SEED_CSV));
  });

  it("answers the seed's request through @aws-sdk/client-lambda", async () => {
    expect(await invoker(buffered).convert(SEED)).toBe(SEED_CSV);
    const error = await invoker(buffered)
      .convert([{ name: 'x' }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).problem.type).toBe('urn:csvfn:problem:invalid-rows');
  });

  it('streams the CSV from streamingHandler, over the Function URL and InvokeWithResponseStream', async () => {
    const response = await post(streaming, JSON.stringify(SEED));
    expect(response.status).toBe(200);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(await response.text()).toBe(SEED_CSV);
    expect(await invoker(streaming, true).convert(SEED)).toBe(SEED_CSV);
  });

  it('answers errors as problem+json', async () => {
    const response = await post(buffered, '[{"name":"x"');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect((await response.json()).type).toBe('urn:csvfn:problem:invalid-json');
  });

  it('takes its API key from CSVFN_API_KEY', async () => {
    expect((await post(keyed, JSON.stringify(SEED))).status).toBe(401);
    const response = await post(keyed, JSON.stringify(SEED), { authorization: 'Bearer test-key' });
    expect(await response.text()).toBe(SEED_CSV);
  });
});
