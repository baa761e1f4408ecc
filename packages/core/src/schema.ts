import * as z from 'zod/mini';
import type * as zc from 'zod/v4/core';
import type { SimpleField } from './validate.js';

/**
 * The seed's record: one employee per row. Built with `zod/mini`; any zod v4 object schema
 * (classic or mini) works too. (`@__PURE__`: a bundle that never names it carries no zod.)
 */
export const employeeSchema = /* @__PURE__ */ z.object({
  name: /* @__PURE__ */ z.string(),
  age: /* @__PURE__ */ z.int(),
  jobTitle: /* @__PURE__ */ z.string(),
  badgeNumber: /* @__PURE__ */ z.int(),
});

/**
 * {@link employeeSchema} compiled ahead of time (a test holds the two equal): the default a
 * converter uses, so the default function needs no zod at run time, nor in its bundle.
 */
export const EMPLOYEE_FIELDS: readonly SimpleField[] = [
  { key: 'name', kind: 'string' },
  { key: 'age', kind: 'int' },
  { key: 'jobTitle', kind: 'string' },
  { key: 'badgeNumber', kind: 'int' },
];

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

/**
 * The field's title, looking through wrappers: `z.string().meta({ title }).optional()` registers
 * the title on the inner schema, not on the optional around it.
 */
function titleOf(field: zc.$ZodType): string | undefined {
  for (let current: zc.$ZodType | undefined = field; current; ) {
    const title = z.globalRegistry.get(current)?.title;
    if (typeof title === 'string' && title !== '') return title;
    current = (current._zod.def as { innerType?: zc.$ZodType }).innerType;
  }
  return undefined;
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
