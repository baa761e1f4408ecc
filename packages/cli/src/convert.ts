import { createReadStream } from 'node:fs';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import {
  type Column,
  type ConverterOptions,
  CsvValidationError,
  createConverter,
  type Delimiter,
  type Eol,
} from '@csvfn/core';
import { CliError, describeFileError, EXIT_DATA, InputError } from './errors.js';
import { type ReadState, readRows } from './inputRows.js';
import { ConvertProgress } from './progress.js';
import { loadSchema } from './schemaFile.js';

/** The flags of `csvfn convert`, as commander hands them over. */
export interface ConvertFlags {
  output?: string;
  delimiter?: Delimiter;
  bom?: boolean;
  header?: boolean;
  eol?: Eol;
  /** A schema file, or `false` for schema-less mode. */
  schema?: string | false;
  escapeFormulas?: boolean;
  progress?: boolean;
  /** Array fields to unwind, one record per element (`--unwind items`, repeatable). */
  unwind?: string[];
}

/** Where the command reads and writes; the process's own streams unless a test says otherwise. */
export interface ConvertIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

/**
 * `csvfn convert`: JSON array or NDJSON in (a file, or stdin), CSV out (stdout, or `-o` file),
 * streamed end to end, so memory stays flat whatever the input's size. A row that fails the
 * schema stops the conversion; an `-o` file is then not written at all (a half file is removed).
 */
export async function convertCommand(
  input: string | undefined,
  flags: ConvertFlags,
  io: ConvertIo,
): Promise<void> {
  const options: ConverterOptions = {
    delimiter: flags.delimiter,
    bom: flags.bom,
    header: flags.header,
    eol: flags.eol,
    escapeFormulas: flags.escapeFormulas,
    ...(flags.unwind?.length ? { unwind: flags.unwind } : {}),
    ...(flags.schema === false ? { schema: false } : flags.schema ? await loadSchema(flags.schema) : {}),
  };
  let converter: ReturnType<typeof createConverter>;
  try {
    converter = createConverter(options);
  } catch (error) {
    throw new CliError(`${flags.schema || 'options'}: ${(error as Error).message}`);
  }

  let source = await openInput(input, io);
  const progress =
    flags.progress !== false && io.stderr.isTTY ? new ConvertProgress(io.stderr, source.size) : undefined;
  const state: ReadState = { rows: 0 };
  const schemaLess = !options.schema;
  let rows: AsyncIterable<unknown>;
  let columns: Column[] | undefined;
  try {
    // stdin cannot be read twice: its bytes are kept for the second pass a JSON array may need,
    // and only while it may (never for NDJSON, which streams in one pass).
    const kept: { chunks?: Uint8Array[] } = { chunks: schemaLess && !source.reopen ? [] : undefined };
    const first = readRows(gunzipIfGzipped(countBytes(keep(source.chunks, kept), progress, state)), state);
    const head = await first.next();
    rows = prepend(head, first);
    if (state.format !== 'json') kept.chunks = undefined;
    if (schemaLess && state.format === 'json') {
      // A JSON array's columns are all its rows' keys, as the function's (it reads the array whole):
      // a first pass finds them, a second writes. A file is read again (memory holds a chunk);
      // stdin's kept bytes are replayed.
      columns = await converter.columnsOf(rows);
      await source.close();
      source = source.reopen ? await source.reopen() : replay(kept.chunks ?? []);
      state.rows = 0;
      rows = readRows(gunzipIfGzipped(countBytes(source.chunks, undefined, state)), state);
    }
  } catch (error) {
    progress?.stop(state.rows);
    await source.close();
    throw explain(error, input, state, schemaLess);
  }
  const csv = Readable.fromWeb(
    converter.stream(rows, columns) as import('node:stream/web').ReadableStream<Uint8Array>,
  );

  const toStdout = flags.output === undefined || flags.output === '-';
  const temporary = toStdout ? undefined : `${flags.output}.${process.pid}.csvfn-partial`;
  try {
    if (temporary === undefined) {
      await pipeline(csv, io.stdout as Writable, { end: false });
    } else {
      let output: FileHandle;
      try {
        output = await open(temporary, 'w');
      } catch (error) {
        throw describeFileError(flags.output!, error);
      }
      await pipeline(csv, output.createWriteStream());
      await rename(temporary, flags.output!);
    }
  } catch (error) {
    if (temporary !== undefined) await rm(temporary, { force: true });
    throw explain(error, input, state, schemaLess);
  } finally {
    progress?.stop(state.rows);
    await source.close();
  }
}

interface InputSource {
  chunks: AsyncIterable<Uint8Array>;
  /** Bytes to read, when known (a file, or stdin redirected from one). */
  size: number | undefined;
  close(): Promise<void>;
  /** The same input from its start again (a file); `undefined` for stdin. */
  reopen?: () => Promise<InputSource>;
}

/** The chunks as they go by, each kept in `kept.chunks` too while there is such a list. */
async function* keep(chunks: AsyncIterable<Uint8Array>, kept: { chunks?: Uint8Array[] }) {
  for await (const chunk of chunks) {
    kept.chunks?.push(chunk);
    yield chunk;
  }
}

/** Kept chunks as an input read a second time. */
function replay(kept: readonly Uint8Array[]): InputSource {
  return {
    chunks: (async function* () {
      yield* kept;
    })(),
    size: undefined,
    close: async () => {},
  };
}

/** The rows again, with the one already read (`head`) first. */
async function* prepend(
  head: IteratorResult<unknown>,
  rest: AsyncIterableIterator<unknown>,
): AsyncGenerator<unknown> {
  if (head.done) return;
  yield head.value;
  yield* rest;
}

async function openInput(input: string | undefined, io: ConvertIo): Promise<InputSource> {
  if (input === undefined || input === '-') {
    if (io.stdin.isTTY) {
      throw new CliError(
        'no input: name a JSON or NDJSON file, or pipe one in (csvfn convert - < rows.json)',
      );
    }
    const { fstat } = await import('node:fs');
    const size = await new Promise<number | undefined>((resolve) =>
      fstat(0, (error, stats) => resolve(!error && stats.isFile() ? stats.size : undefined)),
    );
    return { chunks: io.stdin, size, close: async () => {} };
  }
  let handle: FileHandle;
  try {
    handle = await open(input, 'r');
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    return {
      chunks: createReadStream('', { fd: handle.fd, autoClose: false, highWaterMark: 256 * 1024 }),
      size: stats.isFile() ? stats.size : undefined,
      close: () => handle.close(),
      reopen: () => openInput(input, io),
    };
  } catch (error) {
    throw describeFileError(input, error);
  }
}

async function* countBytes(
  chunks: AsyncIterable<Uint8Array>,
  progress: ConvertProgress | undefined,
  state: ReadState,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    progress?.update(chunk.byteLength, state.rows);
    yield chunk;
  }
}

/** gzip's magic bytes (RFC 1952): ID1, ID2. */
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * The input as it is, or gunzipped when it starts as gzip (`rows.json.gz`), whatever its name or
 * source: a compressed file would otherwise be read as text and fail as "not valid UTF-8".
 */
async function* gunzipIfGzipped(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head = first.value;
  const rest = { [Symbol.asyncIterator]: () => iterator };
  if (!(head[0] === GZIP_MAGIC[0] && (head.length < 2 || head[1] === GZIP_MAGIC[1]))) {
    yield head;
    yield* rest;
    return;
  }
  const gunzip = createGunzip();
  const compressed = Readable.from(
    (async function* () {
      yield head;
      yield* rest;
    })(),
  );
  try {
    for await (const chunk of compressed.pipe(gunzip)) yield chunk as Uint8Array;
  } catch (error) {
    throw new InputError(
      `The input starts as gzip but is not a valid gzip stream (${(error as Error).message})`,
      1,
    );
  }
}

/**
 * A failure in the user's words: which row, which field (JSON Pointer), what is wrong. Without a
 * schema, a row can only fail the columns (NDJSON's first line sets them) or not be an object.
 */
function explain(error: unknown, input: string | undefined, state: ReadState, schemaLess: boolean): unknown {
  const name = input === undefined || input === '-' ? 'stdin' : input;
  if (error instanceof CsvValidationError) {
    const where = state.format === 'ndjson' && state.line !== undefined ? ` (line ${state.line})` : '';
    const lines = error.issues.map((issue) => `  ${issue.pointer}: ${issue.message}`);
    const fails = schemaLess ? 'cannot be written in the columns' : 'does not match the schema';
    return new CliError(
      `${name}: row ${error.rowCount}${where} ${fails}; conversion stopped there:\n${lines.join('\n')}`,
      EXIT_DATA,
    );
  }
  if (error instanceof InputError) return new CliError(`${name}: ${error.message}`, EXIT_DATA);
  return error;
}
