import { type Metadata, metadataOf } from './metadata.js';

/**
 * Any zod 4 schema of an object, from whichever copy of zod made it (`zod`, `zod/mini`, zod 3.25's
 * `zod/v4`): read structurally, so a schema from the user's own zod is accepted by the types and
 * read by its own `_zod.def`. An object, or a union, intersection or pipe of objects.
 */
export interface RowSchema {
  /** zod's internals (every zod 4 schema has them): the definition csvfn reads, and the row types. */
  readonly _zod: {
    readonly def: { readonly type: string };
    readonly input: unknown;
    readonly output: unknown;
  };
}

/** One CSV column: the row field it reads and the label of its header cell. */
export interface Column {
  /** The key in each row; a dotted path (`customer.name`) for a field of a nested object. */
  key: string;
  /** The header cell, before formula escaping. */
  label: string;
}

/** A schema column with the path of property names it reads (a key may itself hold a dot). */
export interface SchemaColumn extends Column {
  path: readonly string[];
}

/** What {@link schemaColumns} found: the columns, and whether any reads inside a nested object. */
export interface SchemaLayout {
  columns: SchemaColumn[];
  nested: boolean;
}

interface AnyDef {
  type: string;
  shape?: Record<string, Node>;
  innerType?: Node;
  in?: Node;
  out?: Node;
  options?: Node[];
  left?: Node;
  right?: Node;
  element?: Node;
}
interface Node {
  _zod: { def: AnyDef };
}

/** Wrappers that hold one schema and change nothing about the keys it has. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/**
 * Columns in the schema's key order, labelled by `.meta({ title })` where given, otherwise by the
 * key turned into words (`badgeNumber` -> `Badge Number`). A nested object gives one dotted column
 * per field (`customer.name`, labelled `Customer Name` or by its own title); a union or
 * intersection of objects gives the union of its branches' columns, first seen first.
 *
 * @throws TypeError naming the construct and its path when the schema is not made of objects, or
 * ends in an object-level `.transform()` whose output keys cannot be known.
 */
export function columnsFromSchema(schema: RowSchema): Column[] {
  return schemaLayout(schema).columns.map(({ key, label }) => ({ key, label }));
}

const layoutCache = new WeakMap<RowSchema, Map<string, SchemaLayout>>();

/**
 * {@link columnsFromSchema} with each column's path, worked out once per schema (and `unwind`).
 * Each `unwind` key names an array field; its element's fields become its columns (`items.sku`),
 * or, for an array of scalars, the key itself.
 *
 * @throws TypeError when an `unwind` key is not an array field of the schema.
 */
export function schemaLayout(schema: RowSchema, unwind: readonly string[] = []): SchemaLayout {
  let layouts = layoutCache.get(schema);
  if (!layouts) {
    layouts = new Map();
    layoutCache.set(schema, layouts);
  }
  const cacheKey = JSON.stringify(unwind);
  let layout = layouts.get(cacheKey);
  if (!layout) {
    if (!isSchema(schema)) throw new TypeError('schema must be a zod 4 schema (zod, zod/mini or zod/v4)');
    const found = new Map<string, SchemaColumn>();
    const root = schema as unknown as Node;
    const arrays = { keys: new Set(unwind), met: new Set<string>() };
    collect(root, [], undefined, found, 'the schema', true, new Set([objectLike(root) ?? root]), arrays);
    for (const key of unwind) {
      if (!arrays.met.has(key))
        throw new TypeError(
          `unwind: "${key}" is not an array field of the schema (an array of objects or values)`,
        );
    }
    const columns = [...found.values()];
    layout = { columns, nested: columns.some((column) => column.path.length > 1) };
    layouts.set(cacheKey, layout);
  }
  return layout;
}

/** Whether `value` looks like a zod 4 schema of any copy. */
export function isSchema(value: unknown): value is RowSchema {
  const def = (value as { _zod?: { def?: { type?: unknown } } } | null | undefined)?._zod?.def;
  return typeof def?.type === 'string';
}

/** Walks one object-valued schema into `found`; `where` names it in an error. */
function collect(
  node: Node,
  path: string[],
  prefix: string | undefined,
  found: Map<string, SchemaColumn>,
  where: string,
  root: boolean,
  open: Set<Node>,
  /** The `unwind` keys, and those met as array fields so far. */
  unwind: { keys: ReadonlySet<string>; met: Set<string> },
): void {
  const def = node._zod.def;
  if (WRAPPERS.has(def.type) && def.innerType) {
    collect(def.innerType, path, prefix, found, where, root, open, unwind);
    return;
  }
  switch (def.type) {
    case 'object':
      for (const [key, field] of Object.entries(def.shape ?? {})) {
        const fieldPath = [...path, key];
        const own = titleOf(field);
        const label = own ?? (prefix === undefined ? humanizeKey(key) : `${prefix} ${humanizeKey(key)}`);
        const dottedPath = fieldPath.join('.');
        // An unwound array stands for one element: its fields are the columns.
        const element = unwind.keys.has(dottedPath) ? elementOf(field) : undefined;
        if (element) unwind.met.add(dottedPath);
        const value = element ?? field;
        // A recursive schema flattens once; the object inside itself is written as JSON.
        const target = objectLike(value);
        if (target && !open.has(target)) {
          open.add(target);
          collect(target, fieldPath, label, found, `field "${dottedPath}"`, false, open, unwind);
          open.delete(target);
        } else {
          const dotted = fieldPath.join('.');
          if (!found.has(dotted)) found.set(dotted, { key: dotted, label, path: fieldPath });
        }
      }
      return;
    case 'union':
      for (const option of def.options ?? []) collect(option, path, prefix, found, where, root, open, unwind);
      return;
    case 'intersection':
      collect(def.left!, path, prefix, found, where, root, open, unwind);
      collect(def.right!, path, prefix, found, where, root, open, unwind);
      return;
    case 'pipe':
      // `z.preprocess(fn, object)` or `object.pipe(object)`: the keys are the output's.
      if (def.out && def.out._zod.def.type !== 'transform') {
        collect(def.out, path, prefix, found, where, root, open, unwind);
        return;
      }
      throw new TypeError(
        `${capitalize(where)} is an object-level .transform(): the keys it returns cannot be known when the converter is built. Transform each field instead, or give a schema of the output.`,
      );
    default:
      throw new TypeError(
        `${capitalize(where)} is a ${def.type} schema; ${root ? 'a row schema' : 'it'} must be an object (or a union, intersection or pipe of objects).`,
      );
  }
}

/**
 * The schema to flatten into dotted columns when `field` holds an object (through wrappers,
 * unions, intersections and pipes); `undefined` for a value written in one cell.
 */
function objectLike(field: Node): Node | undefined {
  let def = field._zod.def;
  let node = field;
  while (WRAPPERS.has(def.type) && def.innerType) {
    node = def.innerType;
    def = node._zod.def;
  }
  if (def.type === 'object') return node;
  if (def.type === 'union' && def.options?.length && def.options.every((option) => objectLike(option)))
    return node;
  if (def.type === 'intersection' && objectLike(def.left!) && objectLike(def.right!)) return node;
  if (def.type === 'pipe' && def.out && def.out._zod.def.type !== 'transform' && objectLike(def.out))
    return node;
  return undefined;
}

/** The element schema of an array field (through wrappers); `undefined` when `field` is no array. */
function elementOf(field: Node): Node | undefined {
  let def = field._zod.def;
  while (WRAPPERS.has(def.type) && def.innerType) def = def.innerType._zod.def;
  return def.type === 'array' ? def.element : undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The field's title, looking through wrappers (`.meta({ title }).optional()` titles the inner schema). */
function titleOf(field: Node): string | undefined {
  return metaString(field, 'title');
}

/** A string from the field's metadata (its own zod's), looking through wrappers. */
export function metaString(field: Node | RowSchema, name: keyof Metadata): string | undefined {
  for (let current: Node | undefined = field as Node; current; ) {
    const value = metadataOf(current)?.[name];
    if (typeof value === 'string' && value !== '') return value;
    current = current._zod.def.innerType;
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
