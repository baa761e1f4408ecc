import { writeFile } from 'node:fs/promises';
import { openApiDocument } from '@csvfn/core';
import { type DocumentedFlags, documentedOptions } from './documentedOptions.js';
import { CliError, describeFileError } from './errors.js';

/** The flags of `csvfn openapi`. */
export interface OpenApiFlags extends DocumentedFlags {
  output?: string;
  path: string;
  title?: string;
  version?: string;
  server?: string[];
}

/** `csvfn openapi`: the OpenAPI 3.1 document of the function, as `csvfn serve` runs it with the same flags. */
export async function openApiCommand(flags: OpenApiFlags, stdout: NodeJS.WritableStream): Promise<void> {
  const options = await documentedOptions(flags);
  let document: ReturnType<typeof openApiDocument>;
  try {
    document = openApiDocument(options, {
      path: flags.path,
      ...(flags.title !== undefined ? { title: flags.title } : {}),
      ...(flags.version !== undefined ? { version: flags.version } : {}),
      ...(flags.server?.length ? { servers: flags.server.map((url) => ({ url })) } : {}),
    });
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
