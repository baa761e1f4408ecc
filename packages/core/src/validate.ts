import * as z from 'zod/mini';
import type * as zc from 'zod/v4/core';
import type { RowSchema } from './schema.js';

/** One way a row failed the schema, located by a JSON Pointer into the request body. */
export interface RowIssue {
  /** RFC 6901 pointer: `/1/age` is the `age` of the second row. */
  pointer: string;
  message: string;
}

export type RowCheck = { ok: true; value: Record<string, unknown> } | { ok: false; issues: RowIssue[] };

/** Checks one parsed row (already known to be a plain object) and returns the values to write. */
export type RowValidator = (row: Record<string, unknown>, index: number) => RowCheck;

/** `/` and `~` escaped as RFC 6901 says. */
export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  let pointer = '';
  for (const segment of path) pointer += `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`;
  return pointer;
}

/**
 * A validator for `schema`. Plain string / number / integer / boolean fields (optionally
 * optional or nullable) are checked inline; zod runs only for rows that fail that check (to get
 * its messages) or for schemas with anything richer (checks, transforms, defaults, refinements).
 */
export function createRowValidator(schema: RowSchema): RowValidator {
  const fast = compileSimpleCheck(schema);
  return (row, index) => {
    if (fast?.(row)) return { ok: true, value: row };
    const result = z.safeParse(schema, row, { error: messageFor });
    if (result.success) return { ok: true, value: result.data as Record<string, unknown> };
    return {
      ok: false,
      issues: result.error.issues.map((issue) => ({
        pointer: toPointer([index, ...issue.path]),
        message: issue.message,
      })),
    };
  };
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Messages for zod's issues, in the contract's words (`Expected number, received string`).
 * `zod/mini` ships no locale, so every common issue is worded here; a schema's own message wins.
 */
function messageFor(issue: zc.$ZodRawIssue): string {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'Required';
      if (issue.expected === 'int' && typeof input === 'number') return 'Expected integer, received number';
      return `Expected ${issue.expected === 'int' ? 'number' : issue.expected}, received ${typeName(input)}`;
    case 'too_big':
    case 'too_small': {
      if (issue.origin === 'int' && typeof input === 'number' && Math.abs(input) > MAX_SAFE) {
        return 'Integer is beyond 2^53 and cannot be represented exactly (JSON parsing has already rounded it); send it as a string';
      }
      const bound = issue.code === 'too_big' ? issue.maximum : issue.minimum;
      const op = (issue.code === 'too_big' ? '<' : '>') + (issue.inclusive ? '=' : '');
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : '';
      return `${issue.code === 'too_big' ? 'Too big' : 'Too small'}: expected ${unit ? `${issue.origin} to have` : `${issue.origin} to be`} ${op}${String(bound)}${unit}`;
    }
    case 'invalid_format':
      return `Invalid ${issue.format}`;
    case 'invalid_value':
      return `Expected ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
    case 'not_multiple_of':
      return `Expected a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `Unrecognized ${issue.keys.length === 1 ? 'key' : 'keys'}: ${issue.keys.join(', ')}`;
    default:
      return 'Invalid input';
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

type FieldKind = 'string' | 'number' | 'int' | 'boolean';
interface SimpleField {
  key: string;
  kind: FieldKind;
  optional: boolean;
  nullable: boolean;
}

/** Returns an inline check when every field is a plain primitive, or `undefined`. */
function compileSimpleCheck(schema: RowSchema): ((row: Record<string, unknown>) => boolean) | undefined {
  const def = schema._zod.def as zc.$ZodObjectDef & { checks?: unknown[] };
  if (def.catchall !== undefined || (def.checks?.length ?? 0) > 0) return undefined;
  const fields: SimpleField[] = [];
  for (const [key, field] of Object.entries(def.shape)) {
    const simple = simpleField(key, field);
    if (!simple) return undefined;
    fields.push(simple);
  }
  return (row) => {
    for (const field of fields) {
      const value = row[field.key];
      if (value === undefined) {
        if (field.optional) continue;
        return false;
      }
      if (value === null) {
        if (field.nullable) continue;
        return false;
      }
      switch (field.kind) {
        case 'string':
          if (typeof value !== 'string') return false;
          break;
        case 'number':
          if (typeof value !== 'number') return false;
          break;
        case 'int':
          if (!Number.isSafeInteger(value)) return false;
          break;
        case 'boolean':
          if (typeof value !== 'boolean') return false;
          break;
      }
    }
    return true;
  };
}

function simpleField(key: string, field: zc.$ZodType): SimpleField | undefined {
  let optional = false;
  let nullable = false;
  let current = field;
  for (;;) {
    const def = current._zod.def as zc.$ZodTypeDef & { innerType?: zc.$ZodType; checks?: unknown[] };
    if (def.type === 'optional') optional = true;
    else if (def.type === 'nullable') nullable = true;
    else break;
    current = def.innerType!;
  }
  const def = current._zod.def as zc.$ZodTypeDef & { checks?: unknown[]; format?: string; coerce?: boolean };
  if (def.coerce) return undefined;
  const checks = def.checks ?? [];
  if (def.type === 'string' && checks.length === 0) return { key, kind: 'string', optional, nullable };
  if (def.type === 'boolean' && checks.length === 0) return { key, kind: 'boolean', optional, nullable };
  if (def.type === 'number') {
    if (def.format === 'safeint' && checks.length === 0) return { key, kind: 'int', optional, nullable };
    if (checks.length === 0 && def.format === undefined) return { key, kind: 'number', optional, nullable };
    if (checks.length === 1 && isSafeIntCheck(checks[0])) return { key, kind: 'int', optional, nullable };
  }
  return undefined;
}

function isSafeIntCheck(check: unknown): boolean {
  const def = (check as { _zod?: { def?: { check?: string; format?: string } } })._zod?.def;
  return def?.check === 'number_format' && def.format === 'safeint';
}
