import { writeFile } from 'node:fs/promises';
import { type Delimiter, openApiDocument } from '@csvfn/core';
import { CliError, describeFileError } from './errors.js';
import { loadSchema } from './schemaFile.js';

/** The flags of `csvfn openapi`. */
export interface OpenApiFlags {
  schema?: string | false;
  output?: string;
  path: string;
  title?: string;
  version?: string;
  server?: string[];
  maxBodyBytes?: number;
  maxRows?: number;
  delimiter?: Delimiter;
  unwind?: string[];
  /** Keys the server requires: only whether there are any shows (never the keys). */
  apiKey?: string[];
}

/** `csvfn openapi`: the OpenAPI 3.1 document of the function, as `csvfn serve` runs it with the same flags. */
export async function openApiCommand(flags: OpenApiFlags, stdout: NodeJS.WritableStream): Promise<void> {
  const schema =
    flags.schema === false ? { schema: false as const } : flags.schema ? await loadSchema(flags.schema) : {};
  let document: ReturnType<typeof openApiDocument>;
  try {
    document = openApiDocument(
      {
        ...schema,
        maxBodyBytes: flags.maxBodyBytes,
        maxRows: flags.maxRows,
        delimiter: flags.delimiter,
        ...(flags.unwind?.length ? { unwind: flags.unwind } : {}),
        ...(flags.apiKey?.length ? { apiKeys: flags.apiKey } : {}),
      },
      {
        path: flags.path,
        ...(flags.title !== undefined ? { title: flags.title } : {}),
        ...(flags.version !== undefined ? { version: flags.version } : {}),
        ...(flags.server?.length ? { servers: flags.server.map((url) => ({ url })) } : {}),
      },
    );
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (flags.output === undefined || flags.output === '-') {
    stdout.write(text);
    return;
  }
  try {
    await writeFile(flags.output, text);
  } catch (error) {
    throw describeFileError(flags.output, error);
  }
}
