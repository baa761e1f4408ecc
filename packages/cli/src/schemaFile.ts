import { access, readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConverterOptions, RowSchema } from '@csvfn/core';
import * as z from 'zod';
import { CliError, describeFileError } from './errors.js';

/** What a `--schema` file selects: the row schema, and header labels from JSON Schema titles. */
export type SchemaChoice = Pick<ConverterOptions, 'schema' | 'columns'>;

const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);

/**
 * Reads `--schema`: a JSON Schema file (`.json`, an object schema; `title`s become header labels)
 * or a JavaScript module whose default export, or export named `schema`, is a zod object schema.
 */
export async function loadSchema(path: string): Promise<SchemaChoice> {
  const extension = extname(path).toLowerCase();
  if (extension === '.json') return fromJsonSchemaFile(path);
  if (MODULE_EXTENSIONS.has(extension)) return fromModule(path);
  throw new CliError(
    `${path}: a schema must be a JSON Schema file (.json) or a module exporting a zod schema (.js, .mjs, .cjs)`,
  );
}

async function fromJsonSchemaFile(path: string): Promise<SchemaChoice> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw describeFileError(path, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const properties = (json as { properties?: unknown } | null)?.properties;
  if (
    typeof json !== 'object' ||
    json === null ||
    (json as { type?: unknown }).type !== 'object' ||
    typeof properties !== 'object' ||
    properties === null
  ) {
    throw new CliError(`${path}: the schema must be a JSON Schema of "type": "object" with "properties"`);
  }
  let schema: z.ZodType;
  try {
    schema = z.fromJSONSchema(json as z.core.JSONSchema.JSONSchema);
  } catch (error) {
    throw new CliError(`${path}: ${(error as Error).message}`);
  }
  if (!isObjectSchema(schema)) throw new CliError(`${path}: the schema must describe an object`);
  // zod keeps a JSON Schema title on the inner type of an optional field: read labels from the file.
  const columns = Object.entries(properties as Record<string, { title?: unknown }>).map(([key, field]) => ({
    key,
    ...(typeof field?.title === 'string' && field.title !== '' ? { label: field.title } : {}),
  }));
  return { schema, columns };
}

async function fromModule(path: string): Promise<SchemaChoice> {
  try {
    await access(path);
  } catch (error) {
    throw describeFileError(path, error);
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`${path}: the module failed to load: ${(error as Error).message}`);
  }
  const defaultExport = module.default as Record<string, unknown> | undefined;
  const candidates = [module.default, module.schema, defaultExport?.schema, defaultExport?.default];
  const schema = candidates.find(isObjectSchema);
  if (!schema) {
    throw new CliError(
      `${path}: the module must export a zod object schema, as its default export or as "schema"`,
    );
  }
  return { schema };
}

function isObjectSchema(value: unknown): value is RowSchema {
  const def = (value as { _zod?: { def?: { type?: unknown } } } | null)?._zod?.def;
  return def?.type === 'object';
}
