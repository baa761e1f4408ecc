import { access, readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConverterOptions, RowSchema } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';
import * as z from 'zod';
import { CliError, describeFileError } from './errors.js';
import { importOptionalPeer } from './optionalPeer.js';

/** What a `--schema` file selects: the row schema, and header labels from JSON Schema titles. */
export type SchemaChoice = Pick<ConverterOptions, 'schema' | 'columns'>;

const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs']);
const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts']);

/** `--schema employee`: the seed's example schema, built in. */
export const EMPLOYEE = 'employee';

/**
 * Reads `--schema`: `employee` (the built-in example), a JSON Schema file (`.json`, an object
 * schema; `title`s become header labels), or a JavaScript or TypeScript module (`.js`, `.mjs`,
 * `.cjs`, `.ts`, `.mts`, `.cts`) exporting a zod object schema: `file.ts#orderSchema` names the
 * export, else the default export or the one named `schema` is taken.
 */
export async function loadSchema(spec: string): Promise<SchemaChoice> {
  if (spec === EMPLOYEE) return { schema: employeeSchema };
  const hash = spec.lastIndexOf('#');
  const path = hash > 0 ? spec.slice(0, hash) : spec;
  const exportName = hash > 0 ? spec.slice(hash + 1) : undefined;
  const extension = extname(path).toLowerCase();
  if (extension === '.json' && exportName === undefined) return fromJsonSchemaFile(path);
  if (MODULE_EXTENSIONS.has(extension) || TYPESCRIPT_EXTENSIONS.has(extension))
    return fromModule(path, exportName, TYPESCRIPT_EXTENSIONS.has(extension));
  throw new CliError(
    `${spec}: a schema must be "employee", a JSON Schema file (.json) or a module exporting a zod schema (.js, .mjs, .cjs, .ts, .mts, .cts; file.ts#name picks an export)`,
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

async function fromModule(
  path: string,
  exportName: string | undefined,
  typescript: boolean,
): Promise<SchemaChoice> {
  try {
    await access(path);
  } catch (error) {
    throw describeFileError(path, error);
  }
  const url = pathToFileURL(resolve(path)).href;
  // Node 20 cannot run TypeScript itself: tsx's API loads the file (and what it imports) alone,
  // without registering a loader for the rest of the process. tsx is an optional peer.
  const tsx = typescript ? await importOptionalPeer('tsx', () => import('tsx/esm/api')) : undefined;
  let module: Record<string, unknown>;
  try {
    module = tsx
      ? ((await tsx.tsImport(url, import.meta.url)) as Record<string, unknown>)
      : ((await import(url)) as Record<string, unknown>);
  } catch (error) {
    throw new CliError(`${path}: the module failed to load: ${(error as Error).message}`);
  }
  if (exportName !== undefined) {
    const named = module[exportName] ?? (module.default as Record<string, unknown> | undefined)?.[exportName];
    if (!isSchemaValue(named)) {
      const found = Object.keys(module).filter((name) => isSchemaValue(module[name]));
      throw new CliError(
        `${path}: no zod schema exported as "${exportName}"${found.length ? ` (schemas exported: ${found.join(', ')})` : ''}`,
      );
    }
    return { schema: named };
  }
  const defaultExport = module.default as Record<string, unknown> | undefined;
  const candidates = [module.default, module.schema, defaultExport?.schema, defaultExport?.default];
  const schema = candidates.find(isSchemaValue);
  if (!schema) {
    throw new CliError(
      `${path}: the module must export a zod object schema, as its default export or as "schema" (or name one: ${path}#name)`,
    );
  }
  return { schema };
}

/** A zod 4 schema from any copy of zod (the converter says later whether it can write it). */
function isSchemaValue(value: unknown): value is RowSchema {
  const def = (value as { _zod?: { def?: { type?: unknown } } } | null)?._zod?.def;
  return typeof def?.type === 'string';
}

function isObjectSchema(value: unknown): value is RowSchema {
  const def = (value as { _zod?: { def?: { type?: unknown } } } | null)?._zod?.def;
  return def?.type === 'object';
}
