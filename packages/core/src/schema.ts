import * as z from 'zod/mini';
import type * as zc from 'zod/v4/core';

/**
 * The seed's record: one employee per row. Built with `zod/mini` so that a bundle which only
 * uses the default schema stays a few KiB; any zod v4 object schema (classic or mini) works too.
 */
export const employeeSchema = z.object({
  name: z.string(),
  age: z.int(),
  jobTitle: z.string(),
  badgeNumber: z.int(),
});

/** Any zod v4 object schema, from `zod` or `zod/mini`. */
export type RowSchema = zc.$ZodObject;

/** One CSV column: the row field it reads and the label of its header cell. */
export interface Column {
  /** The key in each row (in schema-less mode a dotted path into nested objects). */
  key: string;
  /** The header cell, before formula escaping. */
  label: string;
}

/**
 * Columns in the schema's key order, labelled by `.meta({ title })` where given, otherwise by the
 * key turned into words (`badgeNumber` -> `Badge Number`).
 */
export function columnsFromSchema(schema: RowSchema): Column[] {
  return Object.entries(schema._zod.def.shape).map(([key, field]) => ({
    key,
    label: titleOf(field) ?? humanizeKey(key),
  }));
}

function titleOf(field: zc.$ZodType): string | undefined {
  const title = z.globalRegistry.get(field)?.title;
  return typeof title === 'string' && title !== '' ? title : undefined;
}

/** `jobTitle` -> `Job Title`, `badge_number` -> `Badge Number`, `HTTPStatus` -> `HTTP Status`. */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_-]+/)
    .filter((word) => word !== '');
  if (words.length === 0) return key;
  return words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join(' ');
}
