import { ByteWriter } from './byteWriter.js';
import { ColumnsError, CsvValidationError, IssueCollector } from './errors.js';
import { flattenRow, isPlainObject } from './flatten.js';
import {
  type DirectField,
  type DirectPlan,
  type DirectResult,
  type DirectStop,
  directCsv,
  directStart,
  isDirectKey,
} from './json/direct.js';
import { parseJson } from './json/exactNumber.js';
import { checkBoolean, checkKnown, checkOneOf, fail } from './options.js';
import { type Column, isSchema, type RowSchema, schemaLayout } from './schema.js';
import {
  type Delimiter,
  type Eol,
  headerRecord,
  type RecordLayout,
  recordLayout,
  type SerializeOptions,
  writeCheckedRecordBytes,
  writeRecord,
  writeRecordBytes,
  writeUniformRecordBytes,
} from './serialize.js';
import { unwindPaths, unwindRecord } from './unwind.js';
import {
  createRowValidator,
  KIND_CODE,
  type RowIssue,
  type RowValidator,
  type SimpleField,
  simpleFields,
  toPointer,
} from './validate.js';

/** The rows a schema accepts: its input type; any object when schema-less. */
export type RowOf<S> = S extends RowSchema ? S['_zod']['input'] : object;

type Leaf = string | number | boolean | bigint | symbol | null | undefined | Date | readonly unknown[];
type Depth = [never, 0, 1, 2, 3, 4, 5, 6];
/**
 * The dotted paths of `T`'s leaves (`customer.name`), as the converter writes them. An array is a
 * leaf, and the fields of its elements are paths too (`items.sku`): the columns it gets when unwound.
 */
export type LeafPaths<T, D extends number = 7> = [D] extends [never]
  ? string
  : T extends unknown
    ? {
        [K in keyof T & string]-?: NonNullable<T[K]> extends readonly (infer E)[]
          ? K | (NonNullable<E> extends Leaf ? never : `${K}.${LeafPaths<NonNullable<E>, Depth[D]>}`)
          : NonNullable<T[K]> extends Leaf
            ? K
            : string extends keyof NonNullable<T[K]>
              ? K
              : `${K}.${LeafPaths<NonNullable<T[K]>, Depth[D]>}`;
      }[keyof T & string]
    : never;

/** The dotted paths of `T`'s array fields (`items`, `items.parts`): what `unwind` may name. */
export type ArrayPaths<T, D extends number = 7> = [D] extends [never]
  ? string
  : T extends unknown
    ? {
        [K in keyof T & string]-?: NonNullable<T[K]> extends readonly (infer E)[]
          ? K | (NonNullable<E> extends Leaf ? never : `${K}.${ArrayPaths<NonNullable<E>, Depth[D]>}`)
          : NonNullable<T[K]> extends Leaf
            ? never
            : string extends keyof NonNullable<T[K]>
              ? never
              : `${K}.${ArrayPaths<NonNullable<T[K]>, Depth[D]>}`;
      }[keyof T & string]
    : never;

/** A column a `columns` option may name: the schema's (dotted) keys; any string when schema-less. */
export type ColumnKey<S> = S extends RowSchema
  ? unknown extends S['_zod']['output']
    ? string
    : LeafPaths<S['_zod']['output']>
  : string;

/** An array field an `unwind` option may name: the schema's (dotted) array fields; any string when schema-less. */
export type UnwindKey<S> = S extends RowSchema
  ? unknown extends S['_zod']['output']
    ? string
    : ArrayPaths<S['_zod']['output']>
  : string;

/** How rows become CSV. Every option has the contract's default. */
export interface ConverterOptions<S extends RowSchema | undefined = RowSchema | undefined> {
  /**
   * A zod object schema each row must match (from any copy of zod 4); its keys are the columns,
   * in order, nested objects as dotted columns (`customer.name`). Default: none (schema-less):
   * columns are the union of the rows' keys in first-seen order, nested objects flattened to
   * dotted keys. `false` is the same as leaving it out. See `employeeSchema` (from `@csvfn/core/employee`) for an example.
   */
  schema?: S | false;
  /** Choose, reorder or relabel columns: (dotted) keys, or `{ key, label }`. Default: all, labelled from the schema. */
  columns?: ReadonlyArray<ColumnKey<S> | { key: ColumnKey<S>; label?: string }>;
  /**
   * Array fields to unwind (json2csv's `unwind`): one record per element, with the element's fields
   * as dotted columns (`items.sku`) and the row's other fields repeated. An empty array gives one
   * record with those columns empty; a missing, `null` or non-array value leaves the row as it is.
   * Several keys unwind in turn (`['items', 'items.parts']`). Default: none.
   */
  unwind?: ReadonlyArray<UnwindKey<S>>;
  /** Field separator. Default `,`. */
  delimiter?: Delimiter;
  /** Record terminator: `crlf` (RFC 4180, default) or `lf`. */
  eol?: Eol;
  /** Write the header row. Default `true`. */
  header?: boolean;
  /** Start with a UTF-8 byte-order mark, which Excel needs to read UTF-8. Default `false`. */
  bom?: boolean;
  /** Defuse spreadsheet formulas (CSV injection, CWE-1236). Default `true`; turn off only for machine readers. */
  escapeFormulas?: boolean;
}

/** A converter built by {@link createConverter}; `S` is its schema, which types the rows. */
export interface Converter<S extends RowSchema | undefined = RowSchema | undefined> {
  /** The columns the schema gives (after `columns`); empty in schema-less mode, where rows decide. */
  readonly columns: readonly Column[];
  /** Validates every row, then writes them all. Throws {@link CsvValidationError} if any row fails. */
  toCsv(rows: readonly RowOf<S>[]): string;
  /**
   * {@link Converter.toCsv} as UTF-8 bytes, ready to send: encoded piece by piece, so no string of
   * the whole file is built (faster, and lighter on memory, for large files).
   */
  toCsvBytes(rows: readonly RowOf<S>[]): Uint8Array<ArrayBuffer>;
  /**
   * A JSON array of rows (a request body's UTF-8 bytes, or its text) in, CSV bytes out: the same
   * bytes as `toCsvBytes(parseJson(text))`, and the fastest way there. Flat rows under a schema of
   * plain fields (or under `columns`) are read straight from the bytes into CSV, without building
   * them. A leading byte-order mark is skipped. Throws a SyntaxError for bad JSON, a TypeError for
   * invalid UTF-8 or a body that is not an array, and {@link CsvValidationError} as `toCsv` does.
   */
  fromJson(json: string | Uint8Array): Uint8Array<ArrayBuffer>;
  /**
   * The columns `toCsv(rows)` writes. Schema-less (without `columns`), the union of the rows'
   * (flattened, unwound) keys, first seen first; otherwise {@link Converter.columns}. A row that is
   * not an object adds none. With {@link Converter.stream}, it lets a reader that can go over its
   * rows twice (a file) stream a JSON array with exactly `toCsv`'s columns.
   */
  columnsOf(rows: AsyncIterable<unknown> | Iterable<unknown>): Promise<Column[]>;
  /**
   * Writes rows as they come. A failing row errors the stream with {@link CsvValidationError}
   * after the rows before it were written. Schema-less streams take their columns from the first
   * row (NDJSON's rule, the same in the HTTP handler), and a later row with another key fails;
   * pass `columns` (from {@link Converter.columnsOf}) to write those instead.
   */
  stream(
    rows: AsyncIterable<RowOf<S>> | Iterable<RowOf<S>>,
    columns?: readonly Column[],
  ): ReadableStream<Uint8Array>;
}

const BOM = '\uFEFF';
const utf8 = new TextEncoder();

/** What a schema compiles to: the columns, and the row check. */
interface SchemaPlan {
  columns: Column[];
  validate: RowValidator;
  /** With `unwind`: a validated row's records, each flat (`validate` then gives the row whole). */
  expand: ((row: Row) => Row[]) | undefined;
  /** The fields, when every one is plain and flat: what the direct path can check. */
  simple: SimpleField[] | undefined;
}

const planCache = new WeakMap<RowSchema, Map<string, SchemaPlan>>();

/** The plan for `schema` (and `unwind`), built once per schema. */
function planFor(schema: RowSchema, unwind: readonly string[] = []): SchemaPlan {
  let plans = planCache.get(schema);
  if (!plans) {
    plans = new Map();
    planCache.set(schema, plans);
  }
  const cacheKey = JSON.stringify(unwind);
  let plan = plans.get(cacheKey);
  if (!plan) {
    const { columns, nested } = schemaLayout(schema, unwind);
    const check = createRowValidator(schema);
    // A nested schema's output is read along each column's path into one flat record.
    const paths = columns.map((column) => column.path);
    const keys = columns.map((column) => column.key);
    const unwound = unwindPaths(unwind);
    const expand =
      unwound.length > 0
        ? (row: Row) => unwindRecord(row, unwound).map((record) => pick(record, keys, paths))
        : undefined;
    const validate: RowValidator =
      nested && !expand
        ? (row, index) => {
            const result = check(row, index);
            return Array.isArray(result) ? result : pick(result, keys, paths);
          }
        : check;
    // A key `Object.prototype` has (`constructor`) reads an inherited value from a parsed row that
    // lacks it: only the general path reads rows as objects, so only it may serve such a schema.
    const inherited = columns.some((column) => column.key in Object.prototype);
    const simple = nested || inherited || expand ? undefined : simpleFields(schema);
    plan = { columns: columns.map(({ key, label }) => ({ key, label })), validate, expand, simple };
    plans.set(cacheKey, plan);
  }
  return plan;
}

/** The values at `paths`, as one flat (prototype-less) record keyed by the dotted keys. */
function pick(
  row: Record<string, unknown>,
  keys: readonly string[],
  paths: ReadonlyArray<readonly string[]>,
): Record<string, unknown> {
  const record: Record<string, unknown> = Object.create(null);
  for (let i = 0; i < keys.length; i++) {
    let value: unknown = row;
    for (const segment of paths[i]!) {
      value = isPlainObject(value) && Object.hasOwn(value, segment) ? value[segment] : undefined;
      if (value === undefined) break;
    }
    record[keys[i]!] = value;
  }
  return record;
}

/**
 * The rows of a body from byte `at` on, where the direct path stopped at a row's `{`: `[` and the
 * rest parsed as one array (numbers kept as sent), which is JSON exactly when the whole body is,
 * since the direct path read everything before. `undefined` if it is not: the general path then
 * reads the whole body, to say where it breaks.
 */
export function restRows(body: Uint8Array, at: number): unknown[] | undefined {
  try {
    const rows = parseJson(`[${strictUtf8.decode(body.subarray(at))}`);
    return Array.isArray(rows) ? rows : undefined;
  } catch {
    return undefined;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Every option `createConverter` takes: the handler's list builds on it. */
export const CONVERTER_OPTIONS: ReadonlySet<string> = new Set([
  'schema',
  'columns',
  'unwind',
  'delimiter',
  'eol',
  'header',
  'bom',
  'escapeFormulas',
]);

/**
 * Checks every converter option (`who` names the caller in the error); a bad one throws a
 * TypeError naming it. The HTTP handler checks its own on top.
 */
export function checkConverterOptions(
  who: string,
  options: ConverterOptions,
  known = CONVERTER_OPTIONS,
): void {
  checkKnown(who, options, known);
  const { schema, columns } = options;
  if (schema !== undefined && schema !== false && !isSchema(schema))
    fail(who, 'schema', 'must be a zod 4 object schema (or false for none)');
  checkOneOf(who, 'delimiter', options.delimiter, [',', ';', '\t', '|']);
  checkOneOf(who, 'eol', options.eol, ['crlf', 'lf']);
  for (const name of ['header', 'bom', 'escapeFormulas'] as const) checkBoolean(who, name, options[name]);
  const { unwind } = options;
  if (
    unwind !== undefined &&
    !(
      Array.isArray(unwind) && unwind.every((key) => typeof key === 'string' && key.split('.').every(Boolean))
    )
  )
    fail(who, 'unwind', 'must be a list of (dotted) keys of array fields, such as ["items"]');
  if (columns !== undefined) {
    if (!Array.isArray(columns)) fail(who, 'columns', 'must be an array of keys or { key, label }');
    for (const entry of columns as unknown[]) {
      const key = typeof entry === 'string' ? entry : (entry as { key?: unknown } | null)?.key;
      const label =
        typeof entry === 'object' && entry !== null ? (entry as { label?: unknown }).label : undefined;
      if (typeof key !== 'string' || key === '' || (label !== undefined && typeof label !== 'string'))
        fail(
          who,
          'columns',
          `has an entry that is not a key or { key, label }: ${String(JSON.stringify(entry))}`,
        );
    }
  }
  try {
    // Builds the schema's plan (refusing what cannot be written) and resolves `columns` against it.
    new CsvConverter(options);
  } catch (error) {
    if (error instanceof TypeError) throw new TypeError(`${who}: ${error.message}`);
    throw error;
  }
}

/**
 * Builds a converter; cheap, so one per request is fine (schema analysis is cached per schema).
 * Every option is checked here: a bad one throws a TypeError naming it.
 */
export function createConverter<const S extends RowSchema | undefined = undefined>(
  options: ConverterOptions<S> = {},
): Converter<S> {
  checkConverterOptions('createConverter', options);
  return new CsvConverter(options) as Converter<S>;
}

/** `createConverter(options).toCsv(rows)`. */
export function toCsv<const S extends RowSchema | undefined = undefined>(
  rows: readonly RowOf<S>[],
  options?: ConverterOptions<S>,
): string {
  return createConverter(options).toCsv(rows);
}

type Row = Record<string, unknown>;
/** What a row check gives: the row's values, as a Map when schema-less (flattened, in key order). */
type Values = Row | Map<string, unknown>;

/** The converter; the HTTP handler also drives {@link CsvConverter.records} for streaming. */
export class CsvConverter implements Converter<RowSchema | undefined> {
  readonly columns: readonly Column[];
  /** The schema's row check, cached per schema; `undefined` when schema-less (without `unwind`). */
  private readonly validate: RowValidator | undefined;
  /** With `unwind`: a checked row's records, flat (Maps when schema-less). */
  private readonly expand: ((values: Values) => Values[]) | undefined;
  /** Schema-less rows are flattened into Maps. */
  private readonly fromMaps: boolean;
  /** What the direct path checks: the schema's plain fields, or the `columns` of a schema-less converter. */
  private readonly directFields: readonly DirectField[] | undefined;
  private direct: DirectPlan | undefined;
  /** How records are written; `undefined` when the rows give the columns (schema-less). */
  private readonly layout: RecordLayout | undefined;
  /**
   * The kind of each column's field ({@link KIND_CODE}s), when the schema is plain fields written
   * whole in their order: {@link toCsvBytes} then checks each row as it writes it.
   */
  private readonly kinds: readonly number[] | undefined;
  private readonly serialize: SerializeOptions;

  /**
   * V8 keeps the hidden class of an object its constructor built only through the transitions
   * that made it: a major GC with no converter alive frees it, and with it the inline caches and
   * optimised code of every function that read a converter, so the first call after a GC ran
   * interpreted (issue 25: `--trace-deopt` showed "Insufficient type feedback" deoptimisations of
   * `writeAll` after each `gc()`). Every field is set in one order whatever the options (one
   * class for all converters), and one idle converter, never used, keeps it alive.
   */
  static readonly idle: CsvConverter = new CsvConverter({});

  constructor(private readonly options: ConverterOptions) {
    const plan = options.schema ? planFor(options.schema, options.unwind) : undefined;
    const unwound = unwindPaths(options.unwind);
    let validate: RowValidator | undefined;
    let expand: ((values: Values) => Values[]) | undefined;
    if (plan) {
      validate = plan.validate;
      expand = plan.expand as ((values: Values) => Values[]) | undefined;
    } else if (unwound.length > 0) {
      // Schema-less: unwound first, then each record flattened.
      validate = (row) => row;
      expand = (row) => unwindRecord(row as Row, unwound).map(flattenRow);
    }
    this.validate = validate;
    this.expand = expand;
    this.fromMaps = !plan;
    this.columns = selectColumns(plan?.columns ?? [], options.columns, Boolean(plan));
    this.serialize = {
      delimiter: options.delimiter ?? ',',
      eol: options.eol ?? 'crlf',
      escapeFormulas: options.escapeFormulas ?? true,
    };
    this.layout = plan || options.columns ? this.layoutFor(this.columns) : undefined;
    const simple = expand ? undefined : plan?.simple;
    this.kinds =
      simple &&
      simple.length > 0 &&
      simple.length === this.columns.length &&
      simple.every((field, i) => field.key === this.columns[i]!.key)
        ? simple.map((field) => KIND_CODE[field.kind])
        : undefined;
    const direct = plan
      ? plan.simple
      : options.columns && [...new Set(this.columns.map((column) => column.key))].map(anyField);
    this.directFields = !expand && direct?.every((field) => isDirectKey(field.key)) ? direct : undefined;
    this.direct = undefined;
  }

  async columnsOf(rows: AsyncIterable<unknown> | Iterable<unknown>): Promise<Column[]> {
    if (this.layout) return [...this.columns];
    const seen = new Set<string>();
    let index = 0;
    for await (const row of rows) {
      const values = checkRow(row, index++, this.validate);
      if (Array.isArray(values)) continue;
      for (const record of this.expand ? this.expand(values) : [values])
        for (const key of (record as Map<string, unknown>).keys()) seen.add(key);
    }
    return Array.from(seen, (key) => ({ key, label: key }));
  }

  fromJson(json: string | Uint8Array): Uint8Array<ArrayBuffer> {
    const bytes = typeof json === 'string' ? utf8.encode(json) : json;
    const direct = this.directStart(bytes, Number.POSITIVE_INFINITY);
    if (direct && 'bytes' in direct) return direct.bytes;
    const rest = direct && restRows(bytes, direct.at);
    if (direct && rest) return this.finishCsvBytes(rest, direct);
    const text = typeof json === 'string' ? json : new TextDecoder('utf-8', { fatal: true }).decode(json);
    const rows = parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    if (!Array.isArray(rows))
      throw new TypeError(`Expected a JSON array of rows, received ${typeName(rows)}`);
    return this.toCsvBytes(rows);
  }

  /**
   * `body` (the UTF-8 of a JSON array of rows) as CSV bytes and their row count, read straight from the bytes;
   * `undefined` where the general path must answer: bad JSON, a row that fails its check, nested
   * values, more than `maxRows` rows, or a converter the direct path cannot serve.
   */
  directCsvBytes(body: Uint8Array, maxRows: number): DirectResult | undefined {
    const plan = this.directPlan();
    return plan && directCsv(body, plan, maxRows);
  }

  /**
   * {@link directCsvBytes}, or where it stopped at a row the general path must take: the general
   * path then goes on from there ({@link restRows}, {@link finishCsvBytes}), so a body that fails
   * late costs no more than the general path alone.
   */
  directStart(body: Uint8Array, maxRows: number): DirectResult | DirectStop | undefined {
    const plan = this.directPlan();
    return plan && directStart(body, plan, maxRows);
  }

  /**
   * The CSV of a body the direct path stopped in: its records so far, then `rows` (the rest of the
   * body, from the row it stopped at) checked and written as rows numbered from `stop.rows` on.
   * Throws a CsvValidationError as {@link toCsvBytes} does, counting every row of the body.
   */
  finishCsvBytes(rows: readonly unknown[], stop: DirectStop): Uint8Array<ArrayBuffer> {
    const { out } = stop;
    this.writeAll(rows, new BytesSink(out, rows.length), Number.POSITIVE_INFINITY, stop.rows);
    return out.bytes();
  }

  /** What the direct path needs of this converter; `undefined` when it cannot serve it. */
  directPlan(): DirectPlan | undefined {
    const fields = this.directFields;
    if (!fields || !this.layout) return undefined;
    this.direct ??= {
      fields,
      columns: this.layout.keys.map((key) => fields.findIndex((field) => field.key === key)),
      layout: this.layout,
      preamble: this.preamble(this.layout),
    };
    return this.direct;
  }

  toCsv(rows: readonly unknown[]): string {
    const sink = new TextSink();
    this.writeAll(rows, sink);
    return sink.csv;
  }

  /**
   * {@link toCsv} as UTF-8 bytes, each cell written straight into one buffer: no string per cell,
   * record or file is built, so there is nothing to encode, and nothing large stays alive through
   * the conversion for the garbage collector to copy.
   */
  toCsvBytes(rows: readonly unknown[], maxRecords = Number.POSITIVE_INFINITY): Uint8Array<ArrayBuffer> {
    // Grows by doubling: a small answer does not pay for zeroing a large buffer.
    const out = new ByteWriter(4_096);
    this.writeAll(rows, new BytesSink(out, rows.length), maxRecords);
    return out.bytes();
  }

  /**
   * Validates and writes every row to `sink`. More than `maxRecords` records (rows, or with
   * `unwind` what they unwind to) throws {@link TooManyRecords}. From `first` on, the rows are numbered from there and the preamble is
   * out already (the direct path wrote the rows before; it never runs with `unwind`).
   */
  private writeAll(
    rows: readonly unknown[],
    sink: RecordSink,
    maxRecords = Number.POSITIVE_INFINITY,
    first = 0,
  ): void {
    // Hot loops read locals and call plain functions: nothing specific to this converter.
    const { validate, expand } = this;
    let layout = this.layout;
    if (!layout) {
      // Schema-less without a `columns` option: every row is checked first, as together they give
      // the columns. Without `unwind`, one pass checks the rows and gathers their keys, and flat
      // rows are their own records (no array of records unless a row is flattened).
      if (!expand) {
        if (sink instanceof BytesSink && this.writeUniform(rows, sink, maxRecords)) return;
        const { columns, records } = schemalessColumns(rows);
        if (rows.length > maxRecords) throw new TooManyRecords();
        layout = this.layoutFor(columns);
        sink.preamble(this.preamble(layout));
        const all = records ?? (rows as Row[]);
        for (let index = 0; index < all.length; index++) sink.record(all[index]!, layout);
        return;
      }
      const records = checkAll(rows, validate, expand);
      if (records.length > maxRecords) throw new TooManyRecords();
      layout = this.layoutFor(unionColumns(records));
      sink.preamble(this.preamble(layout));
      for (let index = 0; index < records.length; index++) sink.record(records[index]!, layout);
      return;
    }
    // One pass, each row written while it is at hand; a sink's output counts only if every row
    // passed (the caller throws it away otherwise).
    if (first === 0) sink.preamble(this.preamble(layout));
    let collector: IssueCollector | undefined;
    let written = 0;
    // Bytes under a schema of plain fields: each row checked as it is written (one pass over it);
    // a row that needs a closer look (or past `maxRecords`) goes on to the general path below.
    const kinds = sink instanceof BytesSink ? this.kinds : undefined;
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index];
      if (
        kinds &&
        !collector &&
        written < maxRecords &&
        isPlainObject(row) &&
        (sink as BytesSink).checkedRecord(row, layout, kinds)
      ) {
        written++;
        continue;
      }
      const result = checkRow(row, first + index, validate);
      if (Array.isArray(result)) {
        collector ??= new IssueCollector();
        collector.add(result);
      } else if (!collector) {
        if (expand)
          for (const record of expand(result)) {
            if (++written > maxRecords) throw new TooManyRecords();
            sink.record(record, layout);
          }
        else {
          if (++written > maxRecords) throw new TooManyRecords();
          sink.record(result, layout);
        }
      }
    }
    if (collector) throw collector.toError(first + rows.length);
  }

  stream(
    rows: AsyncIterable<unknown> | Iterable<unknown>,
    columns?: readonly Column[],
  ): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    const iterator = this.records(rows, columns);
    return new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          // Batch records so that each chunk is worth a write, without building the whole file.
          let chunk = '';
          while (chunk.length < 16_384) {
            const next = await iterator.next();
            if (next.done) {
              if (chunk !== '') controller.enqueue(encoder.encode(chunk));
              controller.close();
              return;
            }
            chunk += next.value;
          }
          controller.enqueue(encoder.encode(chunk));
        },
        async cancel() {
          await iterator.return(undefined);
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** The header (and BOM) and then one string per record; throws at the first bad row. */
  async *records(
    rows: AsyncIterable<unknown> | Iterable<unknown>,
    columns?: readonly Column[],
  ): AsyncGenerator<string, void, undefined> {
    const writer = this.writer(columns);
    for await (const row of rows) yield writer.write(row);
    const rest = writer.end();
    if (rest !== '') yield rest;
  }

  /**
   * A writer of rows one at a time, as they arrive: what a stream of this converter's CSV is made
   * of. Schema-less, `columns` fixes the columns instead of the first row.
   */
  writer(columns?: readonly Column[]): RecordWriter {
    return new RecordWriter(
      this.validate,
      this.expand,
      this.fromMaps,
      this.layout ?? (columns && this.layoutFor(columns)),
      (columns) => this.layoutFor(columns),
      (layout) => this.preamble(layout),
    );
  }

  private layoutFor(columns: readonly Column[]): RecordLayout {
    return recordLayout(columns, this.serialize);
  }

  /**
   * Schema-less rows that all have the first row's keys, in its order, and nothing to flatten (the
   * usual export): written in one pass, the first row's keys being the columns. `false`, with
   * `sink` rewound, where the general path must take over: it then checks every row and gathers
   * the columns. What a row that differs costs is the writing of the rows before it, once.
   */
  private writeUniform(rows: readonly unknown[], sink: BytesSink, maxRecords: number): boolean {
    const head = rows[0];
    if (rows.length === 0 || rows.length > maxRecords || !isPlainObject(head)) return false;
    // Inherited enumerable keys (someone's `Object.prototype.x = …`) are the general path's.
    if (hasEnumerable(Object.prototype)) return false;
    const columns: Column[] = [];
    for (const key in head) columns.push({ key, label: key });
    const layout = this.layoutFor(columns);
    if (columns.length === 0 || layout.inherited) return false;
    sink.preamble(this.preamble(layout));
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index];
      if (!isPlainObject(row) || !sink.uniformRecord(row, layout)) {
        sink.rewind();
        return false;
      }
    }
    return true;
  }

  private preamble(layout: RecordLayout): string {
    const bom = this.options.bom ? BOM : '';
    if (this.options.header === false) return bom;
    return bom + headerRecord(layout);
  }
}

/** Where {@link CsvConverter}'s records go: a string, or UTF-8 bytes. */
interface RecordSink {
  /** The BOM and header record. */
  preamble(text: string): void;
  /** One record: a row read by key, or a schema-less row's flattened Map. */
  record(record: Values, layout: RecordLayout): void;
}

/** Records as one string ({@link Converter.toCsv}). */
class TextSink implements RecordSink {
  csv = '';

  /** Keeps the class alive through a major GC: see {@link CsvConverter.idle}. */
  static readonly idle: TextSink = new TextSink();

  preamble(text: string): void {
    this.csv += text;
  }

  record(record: Values, layout: RecordLayout): void {
    this.csv += writeRecord(record instanceof Map ? fromMap(record) : record, layout);
  }
}

/** Records written straight into bytes ({@link Converter.toCsvBytes}). */
class BytesSink implements RecordSink {
  private records = 0;
  private start = -1;
  /** Where this sink's output begins in `out`. */
  private readonly base: number;

  /** Keeps the class alive through a major GC: see {@link CsvConverter.idle}. */
  static readonly idle: BytesSink = new BytesSink(new ByteWriter(0), 0);

  constructor(
    private readonly out: ByteWriter,
    /** How many records are coming (about: a guess to size the buffer by). */
    private readonly expected: number,
  ) {
    this.base = out.length;
  }

  preamble(text: string): void {
    this.out.string(text);
  }

  record(record: Values, layout: RecordLayout): void {
    const { out } = this;
    if (this.start < 0) this.start = out.length;
    writeRecordBytes(record, layout, out);
    this.written();
  }

  /**
   * A row checked as it is written ({@link writeCheckedRecordBytes}); `false`, with nothing
   * written, if it needs the general path.
   */
  checkedRecord(row: Row, layout: RecordLayout, kinds: readonly number[]): boolean {
    const { out } = this;
    const at = out.length;
    if (!writeCheckedRecordBytes(row, layout, kinds, out)) {
      out.length = at;
      return false;
    }
    if (this.start < 0) this.start = at;
    this.written();
    return true;
  }

  /**
   * A schema-less row written if it has exactly `layout`'s keys, in order, and nothing to flatten
   * ({@link writeUniformRecordBytes}); `false` otherwise (the caller rewinds the sink).
   */
  uniformRecord(row: Row, layout: RecordLayout): boolean {
    const { out } = this;
    const at = out.length;
    if (!writeUniformRecordBytes(row, layout, out)) return false;
    if (this.start < 0) this.start = at;
    this.written();
    return true;
  }

  /** Back to where this sink began, preamble and records gone. */
  rewind(): void {
    this.out.length = this.base;
    this.records = 0;
    this.start = -1;
  }

  /** Counts a record; once the first records tell how long one is, room for the rest at once. */
  private written(): void {
    // Rather than doubling (and copying) all the way there.
    if (++this.records === SAMPLE_RECORDS && this.expected > SAMPLE_RECORDS)
      this.out.reserve(
        Math.ceil(((this.out.length - this.start) / SAMPLE_RECORDS) * (this.expected - SAMPLE_RECORDS) * 1.1),
      );
  }
}

/** How many records {@link BytesSink} writes before it sizes its buffer for the rest. */
const SAMPLE_RECORDS = 64;

/**
 * Rows written one at a time: the header (and BOM) comes with the first record, and a bad row
 * throws {@link CsvValidationError}. Schema-less, the first row sets the columns of the whole
 * stream and a later row with another key is refused.
 */
export class RecordWriter {
  /** How many rows have been written. */
  private index = 0;
  /** How many records have been written: the rows, or with `unwind` what they unwound to. */
  records = 0;
  /** Schema-less: the first row's keys, the only ones a later row may have. */
  private known: Set<string> | undefined;

  constructor(
    private readonly validate: RowValidator | undefined,
    private readonly expand: ((values: Values) => Values[]) | undefined,
    private readonly fromMaps: boolean,
    private layout: RecordLayout | undefined,
    private readonly layoutFor: (columns: readonly Column[]) => RecordLayout,
    private readonly preamble: (layout: RecordLayout) => string,
  ) {}

  /** The CSV of one more row, after the preamble if it is the first. */
  write(row: unknown): string {
    const { validate, expand, fromMaps, index } = this;
    const values = checkRow(row, index, validate);
    if (Array.isArray(values)) throw new CsvValidationError(values, values.length, 1, index + 1);
    const records = expand ? expand(values) : [values];
    let layout = this.layout;
    if (!layout) {
      const columns = unionColumns(records as Map<string, unknown>[]);
      this.known = new Set(columns.map((column) => column.key));
      layout = this.layout = this.layoutFor(columns);
    }
    let text = index === 0 ? this.preamble(layout) : '';
    for (const record of records) {
      if (this.known) assertKnownKeys(record as Map<string, unknown>, this.known, index);
      text += writeRecord(fromMaps ? fromMap(record as Map<string, unknown>) : (record as Row), layout);
    }
    this.index = index + 1;
    this.records += records.length;
    return text;
  }

  /** Counts a row written elsewhere (by the direct path, to the same layout, preamble included). */
  countWritten(): void {
    this.index++;
    this.records++;
  }

  /** What is left to write once the rows have ended: the preamble alone if there was no row. */
  end(): string {
    return this.index === 0 ? this.preamble(this.layout ?? this.layoutFor([])) : '';
  }
}

/**
 * Checks (and flattens, and unwinds) every row of a schema-less conversion, collecting the issues
 * of all that fail: the records to write. A flat row is its own record (nothing to copy); a row
 * with a nested object is flattened into a Map.
 */
function checkAll(
  rows: readonly unknown[],
  validate: RowValidator | undefined,
  expand: ((values: Values) => Values[]) | undefined,
): Values[] {
  const records: Values[] = [];
  const ownOnly = !hasEnumerable(Object.prototype);
  let collector: IssueCollector | undefined;
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    const result =
      validate || !isPlainObject(row) ? checkRow(row, index, validate) : flatRecord(row, ownOnly);
    if (Array.isArray(result)) {
      collector ??= new IssueCollector();
      collector.add(result);
    } else if (!collector) {
      if (expand) for (const record of expand(result)) records.push(record);
      else records.push(result);
    }
  }
  if (collector) throw collector.toError(rows.length);
  return records;
}

/** More records than the caller's limit (`maxRows` counts the records written): the handler's 413. */
export class TooManyRecords extends Error {
  override readonly name = 'TooManyRecords';
}

/** One row's values to write (validated, or flattened when schema-less), or its issues. */
function checkRow(row: unknown, index: number, validate: RowValidator | undefined): Values | RowIssue[] {
  if (!isPlainObject(row))
    return [{ pointer: `/${index}`, message: `Expected object, received ${typeName(row)}` }];
  return validate ? validate(row, index) : flattenRow(row);
}

/** Schema-less rows are Maps (flattened, in key order); the writer reads a plain object, made
 * prototype-less so that a key like `__proto__` is just a key. */
function fromMap(map: Map<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = Object.create(null);
  for (const [key, value] of map) record[key] = value;
  return record;
}

/** A schema-less column: any value, missing or not. */
function anyField(key: string): DirectField {
  return { key, kind: 'any', optional: true };
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function selectColumns(all: Column[], selection: ConverterOptions['columns'], fromSchema: boolean): Column[] {
  if (!selection) return all;
  return selection.map((entry) => {
    const key = typeof entry === 'string' ? entry : entry.key;
    const known = all.find((column) => column.key === key);
    if (fromSchema && !known)
      throw new TypeError(
        `columns: "${key}" is not a column of the schema (columns: ${all.map((column) => column.key).join(', ')})`,
      );
    const label = typeof entry === 'string' ? undefined : entry.label;
    return { key, label: label ?? known?.label ?? key };
  });
}

/**
 * Whether `for…in` over `object` gives any key: over `Object.prototype`, whether a row's `for…in`
 * can give a key that is not the row's own (then each key is checked with `Object.hasOwn`, a call
 * per key otherwise saved).
 */
function hasEnumerable(object: object): boolean {
  for (const _ in object) return true;
  return false;
}

/**
 * A schema-less row as its record: the row itself when no value is an object to flatten.
 * `ownOnly`: `for…in` gives only the row's own keys (nothing enumerable is inherited).
 */
function flatRecord(row: Row, ownOnly: boolean): Values {
  for (const key in row) {
    if (!ownOnly && !Object.hasOwn(row, key)) continue;
    const value = row[key];
    // Only an object with keys is flattened (an empty one is a value, `{}`).
    if (typeof value === 'object' && value !== null && isPlainObject(value))
      for (const inner in value) if (Object.hasOwn(value, inner)) return flattenRow(row);
  }
  return row;
}

/**
 * Schema-less rows (without `unwind`) checked, and their columns (their keys, first seen first)
 * gathered, in one pass; each row's nested objects are checked in the same `for…in`. Throws the
 * issues of every row that is not an object. `records` is undefined while every row is flat (each
 * is its own record); from the first row with a nested object on, it holds every row's record,
 * that one flattened into a Map of dotted keys.
 */
function schemalessColumns(rows: readonly unknown[]): { columns: Column[]; records: Values[] | undefined } {
  const seen = new Set<string>();
  const ownOnly = !hasEnumerable(Object.prototype);
  let records: Values[] | undefined;
  let collector: IssueCollector | undefined;
  // Rows mostly repeat the keys of the row before, in order: those are in `seen` already.
  let previous: string[] = [];
  let current: string[] = [];
  each: for (let index = 0; index < rows.length; index++) {
    const row = rows[index];
    if (!isPlainObject(row)) {
      collector ??= new IssueCollector();
      collector.add(checkRow(row, index, undefined) as RowIssue[]);
      continue;
    }
    if (collector) continue; // only checked from here: nothing will be written
    let count = 0;
    let same = true;
    for (const key in row) {
      if (!ownOnly && !Object.hasOwn(row, key)) continue;
      const value = row[key];
      // Only an object with keys is flattened (an empty one is a value, `{}`).
      if (typeof value === 'object' && value !== null && isPlainObject(value))
        for (const inner in value)
          if (Object.hasOwn(value, inner)) {
            const flat = flattenRow(row);
            records ??= rows.slice(0, index) as Row[];
            records.push(flat);
            for (const flatKey of flat.keys()) seen.add(flatKey);
            previous.length = 0;
            continue each;
          }
      if (previous[count] !== key) same = false;
      current[count++] = key;
    }
    records?.push(row);
    if (same && count === previous.length) continue;
    current.length = count;
    for (const key of current) seen.add(key);
    [previous, current] = [current, previous];
  }
  if (collector) throw collector.toError(rows.length);
  return { columns: Array.from(seen, (key) => ({ key, label: key })), records };
}

/** The columns of schema-less records: their keys, first seen first. */
function unionColumns(records: readonly Values[]): Column[] {
  const seen = new Set<string>();
  const ownOnly = !hasEnumerable(Object.prototype);
  // Rows mostly repeat the keys of the row before, in order: those are in `seen` already.
  let previous: string[] = [];
  let current: string[] = [];
  for (const record of records) {
    if (record instanceof Map) {
      for (const key of record.keys()) seen.add(key);
      previous.length = 0;
      continue;
    }
    let count = 0;
    let same = true;
    for (const key in record) {
      if (!ownOnly && !Object.hasOwn(record, key)) continue;
      if (previous[count] !== key) same = false;
      current[count++] = key;
    }
    if (same && count === previous.length) continue;
    current.length = count;
    for (const key of current) seen.add(key);
    [previous, current] = [current, previous];
  }
  return Array.from(seen, (key) => ({ key, label: key }));
}

function assertKnownKeys(record: Map<string, unknown>, known: Set<string>, index: number) {
  for (const key of record.keys()) {
    if (!known.has(key)) {
      throw new ColumnsError(
        [
          {
            pointer: toPointer([index, key]),
            message: `"${key}" is not a column: the first row set the columns of this stream, and it had no "${key}"`,
          },
        ],
        1,
        1,
        index + 1,
      );
    }
  }
}
