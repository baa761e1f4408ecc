import { CsvValidationError, IssueCollector } from './errors.js';
import { flattenRow, isPlainObject } from './flatten.js';
import { type Column, columnsFromSchema, employeeSchema, type RowSchema } from './schema.js';
import { createCell, createStringCell, type Delimiter, EOL_CHARS, type Eol } from './serialize.js';
import { createRowValidator, type RowValidator, toPointer } from './validate.js';

/** How rows become CSV. Every option has the contract's default. */
export interface ConverterOptions {
  /**
   * The zod object schema each row must match; its keys are the columns, in order. Default
   * {@link employeeSchema}. `false`: schema-less, columns are the union of the rows' keys in
   * first-seen order and nested objects flatten to dotted keys (`address.city`).
   */
  schema?: RowSchema | false;
  /** Choose, reorder or relabel columns: keys, or `{ key, label }`. Default: all, labelled from the schema. */
  columns?: ReadonlyArray<string | { key: string; label?: string }>;
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

export interface Converter {
  /** The columns the schema gives (after `columns`); empty in schema-less mode, where rows decide. */
  readonly columns: readonly Column[];
  /** Validates every row, then writes them all. Throws {@link CsvValidationError} if any row fails. */
  toCsv(rows: readonly unknown[]): string;
  /**
   * Writes rows as they come. A failing row errors the stream with {@link CsvValidationError}
   * after the rows before it were written. Schema-less streams take their columns from the first row.
   */
  stream(rows: AsyncIterable<unknown> | Iterable<unknown>): ReadableStream<Uint8Array>;
}

const BOM = '\uFEFF';
const columnCache = new WeakMap<RowSchema, Column[]>();
const validatorCache = new WeakMap<RowSchema, RowValidator>();

function cached<T>(cache: WeakMap<RowSchema, T>, schema: RowSchema, make: (schema: RowSchema) => T): T {
  let value = cache.get(schema);
  if (value === undefined) {
    value = make(schema);
    cache.set(schema, value);
  }
  return value;
}

/** Builds a converter; cheap, so one per request is fine (schema analysis is cached per schema). */
export function createConverter(options: ConverterOptions = {}): Converter {
  return new CsvConverter(options);
}

/** `createConverter(options).toCsv(rows)`. */
export function toCsv(rows: readonly unknown[], options?: ConverterOptions): string {
  return createConverter(options).toCsv(rows);
}

/** The converter; the HTTP handler also drives {@link CsvConverter.records} for streaming. */
export class CsvConverter implements Converter {
  readonly columns: readonly Column[];
  private readonly schema: RowSchema | undefined;
  private readonly validate: RowValidator | undefined;
  private readonly eol: string;
  private readonly delimiter: Delimiter;
  private readonly cell: (value: unknown) => string;
  private readonly labelCell: (value: string) => string;

  constructor(private readonly options: ConverterOptions) {
    const schema = options.schema === false ? undefined : (options.schema ?? employeeSchema);
    this.schema = schema;
    this.delimiter = options.delimiter ?? ',';
    this.eol = EOL_CHARS[options.eol ?? 'crlf'];
    const serialize = {
      delimiter: this.delimiter,
      eol: options.eol ?? 'crlf',
      escapeFormulas: options.escapeFormulas ?? true,
    };
    this.cell = createCell(serialize);
    this.labelCell = createStringCell(serialize);
    this.validate = schema && cached(validatorCache, schema, createRowValidator);
    this.columns = schema
      ? selectColumns(cached(columnCache, schema, columnsFromSchema), options.columns, true)
      : selectColumns([], options.columns, false);
  }

  toCsv(rows: readonly unknown[]): string {
    const { records, columns } = this.check(rows);
    let out = this.preamble(columns);
    for (const record of records) out += this.record(columns, record);
    return out;
  }

  stream(rows: AsyncIterable<unknown> | Iterable<unknown>): ReadableStream<Uint8Array> {
    const encoder = new TextEncoder();
    const iterator = this.records(rows);
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
  async *records(rows: AsyncIterable<unknown> | Iterable<unknown>): AsyncGenerator<string, void, undefined> {
    const fixed = Boolean(this.schema || this.options.columns);
    let columns: readonly Column[] | undefined = fixed ? this.columns : undefined;
    let known: Set<string> | undefined;
    let index = 0;
    for await (const row of rows) {
      const record = this.checkOne(row, index);
      if (!columns) {
        columns = unionColumns([record as Map<string, unknown>]);
        known = new Set(columns.map((column) => column.key));
      }
      if (index === 0) yield this.preamble(columns);
      if (known) assertKnownKeys(record as Map<string, unknown>, known, index);
      yield this.record(columns, record);
      index++;
    }
    if (index === 0) yield this.preamble(columns ?? []);
  }

  /** Validates one row, throwing a one-row {@link CsvValidationError}. */
  private checkOne(row: unknown, index: number): Record<string, unknown> | Map<string, unknown> {
    if (!isPlainObject(row)) {
      throw new CsvValidationError(
        [
          {
            pointer: `/${index}`,
            message: `Expected object, received ${row === null ? 'null' : Array.isArray(row) ? 'array' : typeof row}`,
          },
        ],
        1,
        1,
        index + 1,
      );
    }
    if (!this.validate) return flattenRow(row);
    const result = this.validate(row, index);
    if (!result.ok) throw new CsvValidationError(result.issues, result.issues.length, 1, index + 1);
    return result.value;
  }

  /** Validates every row before anything is written, so a bad row costs no output. */
  private check(rows: readonly unknown[]): {
    records: Array<Record<string, unknown> | Map<string, unknown>>;
    columns: readonly Column[];
  } {
    const records: Array<Record<string, unknown> | Map<string, unknown>> = new Array(rows.length);
    let collector: IssueCollector | undefined;
    for (let index = 0; index < rows.length; index++) {
      try {
        records[index] = this.checkOne(rows[index], index);
      } catch (error) {
        if (!(error instanceof CsvValidationError)) throw error;
        collector ??= new IssueCollector();
        collector.add(error.issues);
      }
    }
    if (collector) throw collector.toError(rows.length);
    const columns =
      this.schema || this.options.columns ? this.columns : unionColumns(records as Map<string, unknown>[]);
    return { records, columns };
  }

  private preamble(columns: readonly Column[]): string {
    const bom = this.options.bom ? BOM : '';
    if (this.options.header === false) return bom;
    return bom + this.join(columns.map((column) => this.labelCell(column.label)));
  }

  private record(columns: readonly Column[], record: Record<string, unknown> | Map<string, unknown>): string {
    const cells = new Array<string>(columns.length);
    if (record instanceof Map)
      for (let i = 0; i < columns.length; i++) cells[i] = this.cell(record.get(columns[i]!.key));
    else for (let i = 0; i < columns.length; i++) cells[i] = this.cell(record[columns[i]!.key]);
    return this.join(cells);
  }

  private join(cells: string[]): string {
    // A lone empty cell would be a blank line, which CSV readers skip: quote it to keep the row.
    if (cells.length === 1 && cells[0] === '') return `""${this.eol}`;
    return cells.join(this.delimiter) + this.eol;
  }
}

function selectColumns(all: Column[], selection: ConverterOptions['columns'], fromSchema: boolean): Column[] {
  if (!selection) return all;
  return selection.map((entry) => {
    const key = typeof entry === 'string' ? entry : entry.key;
    const known = all.find((column) => column.key === key);
    if (fromSchema && !known) throw new TypeError(`Column "${key}" is not a key of the schema`);
    const label = typeof entry === 'string' ? undefined : entry.label;
    return { key, label: label ?? known?.label ?? key };
  });
}

function unionColumns(records: Map<string, unknown>[]): Column[] {
  const seen = new Set<string>();
  for (const record of records) for (const key of record.keys()) seen.add(key);
  return Array.from(seen, (key) => ({ key, label: key }));
}

function assertKnownKeys(record: Map<string, unknown>, known: Set<string>, index: number) {
  for (const key of record.keys()) {
    if (!known.has(key)) {
      throw new CsvValidationError(
        [
          {
            pointer: toPointer([index, key]),
            message: `Field "${key}" was not in the first row, which set the columns of this stream`,
          },
        ],
        1,
        1,
        index + 1,
      );
    }
  }
}
