import { isPlainObject } from './flatten.js';

/**
 * `unwind`: one record per element of an array field, json2csv's rule. Each path is applied in
 * turn to every record the paths before it gave, so `['items', 'items.parts']` unwinds both levels.
 * At a path, an array of n > 0 elements gives n records, each with the element in the array's
 * place (the parent's other fields repeated); an empty array gives one record with nothing there
 * (its columns empty); any other value (missing, `null`, an object, a scalar) leaves the record as
 * it is.
 */
export function unwindRecord(
  row: Record<string, unknown>,
  paths: ReadonlyArray<readonly string[]>,
): Record<string, unknown>[] {
  let records = [row];
  for (const path of paths) {
    const next: Record<string, unknown>[] = [];
    for (const record of records) {
      const value = valueAt(record, path);
      if (!Array.isArray(value)) next.push(record);
      else if (value.length === 0) next.push(withValueAt(record, path, undefined, 0));
      else for (const element of value) next.push(withValueAt(record, path, element, 0));
    }
    records = next;
  }
  return records;
}

/** The `unwind` option's dotted keys as paths of property names. */
export function unwindPaths(unwind: readonly string[] | undefined): string[][] {
  return (unwind ?? []).map((key) => key.split('.'));
}

function valueAt(record: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = record;
  for (const segment of path) {
    if (!isPlainObject(value) || !Object.hasOwn(value, segment)) return undefined;
    value = value[segment];
  }
  return value;
}

/** A copy of `record` with `value` at `path`: the objects along the path are copied, the rest shared. */
function withValueAt(
  record: Record<string, unknown>,
  path: readonly string[],
  value: unknown,
  depth: number,
): Record<string, unknown> {
  // Spread and defineProperty make own data properties: a key `__proto__` stays a key.
  const copy: Record<string, unknown> = { ...record };
  const segment = path[depth]!;
  // An empty array leaves no key at all, so schema-less columns do not gain the array's own name.
  if (depth === path.length - 1 && value === undefined) delete copy[segment];
  else
    Object.defineProperty(copy, segment, {
      value:
        depth === path.length - 1
          ? value
          : withValueAt(copy[segment] as Record<string, unknown>, path, value, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return copy;
}
