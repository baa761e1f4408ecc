import type * as zc from 'zod/v4/core';
import { isPlainObject } from './flatten.js';
import { ExactNumber } from './json/exactNumber.js';
import type { RowSchema } from './schema.js';

/** One way a row failed the schema, located by a JSON Pointer into the request body. */
export interface RowIssue {
  /** RFC 6901 pointer: `/1/age` is the `age` of the second row. */
  pointer: string;
  /** What is wrong there, in zod's words. */
  message: string;
}

/**
 * Checks one parsed row (already known to be a plain object): the values to write (the row itself
 * unless the schema transforms it), or the row's issues.
 */
export type RowValidator = (
  row: Record<string, unknown>,
  index: number,
) => Record<string, unknown> | RowIssue[];

/** `/` and `~` escaped as RFC 6901 says. */
export function toPointer(path: ReadonlyArray<PropertyKey>): string {
  let pointer = '';
  for (const segment of path) pointer += `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`;
  return pointer;
}

/** A plain string / number / integer / boolean field, optionally optional or nullable. */
export interface SimpleField {
  key: string;
  kind: 'string' | 'number' | 'int' | 'boolean';
  optional?: boolean;
  nullable?: boolean;
}

/**
 * A validator for `schema`. A schema of plain primitive fields (see {@link SimpleField}) is
 * checked here, in zod's words; zod runs only for schemas with anything richer (checks,
 * transforms, defaults, refinements, custom messages).
 */
export function createRowValidator(schema: RowSchema): RowValidator {
  const fields = simpleFields(schema);
  return fields ? checkFields(fields) : zodRowValidator(schema);
}

/** Runs the schema through zod, with the contract's messages. */
export function zodRowValidator(schema: RowSchema): RowValidator {
  // Every zod v4 schema, classic or mini, has `safeParse`: calling it, rather than importing zod's
  // own, keeps zod out of a bundle that only uses the (zod-free) default schema.
  const parse = schema as unknown as ZodParse;
  const params = { error: messageFor };
  return (row, index) => {
    currentRow = row;
    let result = parse.safeParse(row, params);
    if (!result.success && holdsExact(row)) {
      // A number kept as its digits failed a number check: check its nearest double instead, and
      // write the digits where the schema passed the number through unchanged.
      const plain = withDoubles(row) as Record<string, unknown>;
      currentRow = plain;
      result = parse.safeParse(plain, params);
      if (result.success) return withDigits(row, result.data) as Record<string, unknown>;
    }
    if (result.success) {
      currentRow = undefined;
      return result.data;
    }
    // zod words its issues when they are first read: read them while the row is at hand.
    const issues = result.error.issues.map((issue) => ({
      pointer: toPointer([index, ...issue.path]),
      message: issue.message,
    }));
    currentRow = undefined;
    return issues;
  };
}

/** The row zod is checking, for messages that need the value as sent (zod's is coerced). */
let currentRow: unknown;
/** Whether `value` holds an {@link ExactNumber} anywhere (looked for only in a row that failed). */
function holdsExact(value: unknown): boolean {
  if (value instanceof ExactNumber) return true;
  if (Array.isArray(value)) return value.some(holdsExact);
  return isPlainObject(value) && Object.values(value).some(holdsExact);
}

/** A copy of `value` with each {@link ExactNumber} replaced by its double. */
function withDoubles(value: unknown): unknown {
  if (value instanceof ExactNumber) return value.value;
  if (Array.isArray(value)) return value.map(withDoubles);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = withDoubles(value[key]);
  return copy;
}

/** `output` with the sent digits back wherever it still holds the double of an {@link ExactNumber} of `input`. */
function withDigits(input: unknown, output: unknown): unknown {
  if (input instanceof ExactNumber) return output === input.value ? input : output;
  if ((Array.isArray(input) && Array.isArray(output)) || (isPlainObject(input) && isPlainObject(output))) {
    const from = input as Record<string, unknown>;
    const to = output as Record<string, unknown>;
    for (const key of Object.keys(to)) if (Object.hasOwn(from, key)) to[key] = withDigits(from[key], to[key]);
  }
  return output;
}

/** The value at `path` in the row as sent. */
function sentValue(path: ReadonlyArray<PropertyKey> | undefined): unknown {
  let value = currentRow;
  for (const segment of path ?? []) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

/** A coercion that failed: zod reports the coerced `NaN` or Invalid Date, not what was sent. */
function isFailedCoercion(input: unknown): boolean {
  return (
    (typeof input === 'number' && Number.isNaN(input)) ||
    (input instanceof Date && Number.isNaN(input.getTime()))
  );
}

interface ZodParse {
  safeParse(
    row: unknown,
    params: { error: (issue: zc.$ZodRawIssue) => string },
  ): { success: true; data: Record<string, unknown> } | { success: false; error: zc.$ZodError };
}

/** Checks `fields` inline: no allocation for a good row, every field's issue for a bad one. */
export function checkFields(fields: readonly SimpleField[]): RowValidator {
  const keys = fields.map((field) => field.key);
  const kinds = fields.map((field) => KIND_CODE[field.kind]);
  const count = fields.length;
  return (row, index) => {
    // A row whose keys come in the schema's order (a parsed row, mostly) is read by `for…in`, which
    // V8 turns into loads by field index, where `row[key]` of one key after another is a lookup
    // by name; the first key out of order leaves the rest to be read by name.
    let i = 0;
    if (count > 0)
      for (const key in row) {
        if (key !== keys[i]) break;
        const value = row[key];
        if (!isPlainValue(kinds[i]!, value) && fieldIssue(fields[i]!, value) !== undefined)
          return rowIssues(fields, row, index);
        if (++i === count) break;
      }
    for (; i < count; i++)
      if (fieldIssue(fields[i]!, row[keys[i]!]) !== undefined) return rowIssues(fields, row, index);
    return row;
  };
}

/** A {@link SimpleField}'s kind as a small integer, which {@link isPlainValue} compares cheaply. */
export const KIND_CODE = { string: 0, number: 1, int: 2, boolean: 3 } as const;

/**
 * Whether `value` is one most rows hold for a field of `kind` (a {@link KIND_CODE}): one that
 * passes without more checking. `false` says only that {@link fieldIssue} must look.
 */
export function isPlainValue(kind: number, value: unknown): boolean {
  return kind === 0
    ? typeof value === 'string'
    : kind === 2
      ? typeof value === 'number' && Number.isSafeInteger(value)
      : kind === 1
        ? typeof value === 'number' && Number.isFinite(value)
        : typeof value === 'boolean';
}

function rowIssues(fields: readonly SimpleField[], row: Record<string, unknown>, index: number): RowIssue[] {
  const issues: RowIssue[] = [];
  for (const field of fields) {
    const message = fieldIssue(field, row[field.key]);
    if (message !== undefined) issues.push({ pointer: toPointer([index, field.key]), message });
  }
  return issues;
}

const BEYOND_2_53 =
  'Integer is beyond 2^53 and cannot be represented exactly (JSON parsing has already rounded it); send it as a string';

/** What is wrong with `value` for `field`, worded as {@link messageFor} words zod's issue; `undefined` if nothing. */
export function fieldIssue(field: SimpleField, value: unknown): string | undefined {
  const { kind } = field;
  if (value === undefined) return field.optional ? undefined : 'Required';
  if (value === null && field.nullable) return undefined;
  if (kind === 'string' || kind === 'boolean') {
    return typeof value === kind ? undefined : `Expected ${kind}, received ${typeName(value)}`;
  }
  // zod's number refuses NaN and ±Infinity (a JavaScript caller can pass them; JSON cannot).
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    // Digits a double cannot hold: written as sent, unless an integer was asked for.
    if (value instanceof ExactNumber)
      return kind === 'number'
        ? undefined
        : Number.isInteger(value.value)
          ? BEYOND_2_53
          : 'Expected integer, received number';
    return `Expected number, received ${typeName(value)}`;
  }
  if (kind === 'number' || Number.isSafeInteger(value)) return undefined;
  return Number.isInteger(value) ? BEYOND_2_53 : 'Expected integer, received number';
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Messages for zod's issues, in the contract's words (`Expected number, received string`).
 * `zod/mini` ships no locale, so every common issue is worded here; a schema's own message wins.
 */
export function messageFor(issue: zc.$ZodRawIssue): string {
  let input = issue.input;
  if (isFailedCoercion(input)) input = sentValue((issue as { path?: PropertyKey[] }).path);
  // A missing field is `Required`, whatever its type (an enum's or a literal's included).
  if (input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value'))
    return 'Required';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int' && typeof input === 'number') return 'Expected integer, received number';
      return `Expected ${issue.expected === 'int' ? 'number' : issue.expected}, received ${typeName(input)}`;
    case 'too_big':
    case 'too_small': {
      if (issue.origin === 'int' && typeof input === 'number' && Math.abs(input) > MAX_SAFE)
        return BEYOND_2_53;
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

type Def = zc.$ZodTypeDef & {
  checks?: unknown[];
  format?: string;
  coerce?: boolean;
  error?: unknown;
  innerType?: zc.$ZodType;
};

/** The schema's fields when every one is a {@link SimpleField} and nothing else applies; else `undefined`. */
export function simpleFields(schema: RowSchema): SimpleField[] | undefined {
  const def = schema._zod.def as unknown as zc.$ZodObjectDef & Def;
  if (def.type !== 'object' || def.catchall !== undefined || def.checks?.length || def.error)
    return undefined;
  const fields: SimpleField[] = [];
  for (const [key, field] of Object.entries(def.shape)) {
    const simple = simpleField(key, field);
    if (!simple) return undefined;
    fields.push(simple);
  }
  return fields;
}

function simpleField(key: string, field: zc.$ZodType): SimpleField | undefined {
  const simple: SimpleField = { key, kind: 'string' };
  let def = field._zod.def as Def;
  for (; def.type === 'optional' || def.type === 'nullable'; def = def.innerType!._zod.def as Def) {
    if (def.error) return undefined;
    simple[def.type === 'optional' ? 'optional' : 'nullable'] = true;
  }
  const checks = def.checks ?? [];
  if (def.coerce || def.error) return undefined;
  if ((def.type === 'string' || def.type === 'boolean') && checks.length === 0) simple.kind = def.type;
  else if (def.type !== 'number') return undefined;
  else if (def.format === undefined && checks.length === 0) simple.kind = 'number';
  else if (
    (def.format === 'safeint' && checks.length === 0) ||
    (def.format === undefined && checks.length === 1 && isSafeIntCheck(checks[0]))
  )
    simple.kind = 'int';
  else return undefined;
  return simple;
}

function isSafeIntCheck(check: unknown): boolean {
  const def = (check as { _zod?: { def?: { check?: string; format?: string; error?: unknown } } })._zod?.def;
  return def?.check === 'number_format' && def.format === 'safeint' && !def.error;
}
