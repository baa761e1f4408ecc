/**
 * Schema-less mode: nested plain objects become dotted keys (`{"a":{"b":1}}` -> `a.b`), arrays and
 * anything deeper than `MAX_DEPTH` stay whole and are written as JSON.
 */
const MAX_DEPTH = 32;

export function flattenRow(row: Record<string, unknown>): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  flattenInto(flat, row, '', 0);
  return flat;
}

function flattenInto(
  flat: Map<string, unknown>,
  value: Record<string, unknown>,
  prefix: string,
  depth: number,
) {
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const child = value[key];
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isPlainObject(child) && depth < MAX_DEPTH && hasKeys(child))
      flattenInto(flat, child, path, depth + 1);
    else flat.set(path, child);
  }
}

/** An object literal or a parsed JSON object: not an array, a Date or any other class. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether `value` has an own enumerable key: an object with none is written as a value, `{}`. */
export function hasKeys(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}
