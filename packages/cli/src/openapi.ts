import { writeFile } from 'node:fs/promises';
import { openApiDocument } from '@csvfn/core';
import { describeFileError } from './errors.js';
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
}

/** `csvfn openapi`: the OpenAPI 3.1 document of the function, as `csvfn serve` would run it. */
export async function openApiCommand(flags: OpenApiFlags, stdout: NodeJS.WritableStream): Promise<void> {
  const schema =
    flags.schema === false ? { schema: false as const } : flags.schema ? await loadSchema(flags.schema) : {};
  const document = openApiDocument(
    { ...schema, maxBodyBytes: flags.maxBodyBytes, maxRows: flags.maxRows },
    {
      path: flags.path,
      ...(flags.title !== undefined ? { title: flags.title } : {}),
      ...(flags.version !== undefined ? { version: flags.version } : {}),
      ...(flags.server?.length ? { servers: flags.server.map((url) => ({ url })) } : {}),
    },
  );
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
