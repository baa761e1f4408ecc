import type { PlatformInfo } from '@csvfn/platform';
import { concatBytes } from '@csvfn/platform/internal';
import { isPlainObject } from '../flatten.js';
import { parseJson } from '../json/exactNumber.js';
import { locateJsonError } from '../json/syntaxError.js';
import { HttpProblem } from './problem.js';
import type { Stats } from './stats.js';

export interface BodyLimits {
  /** Counted after decompression, so a zip bomb stops here. */
  maxBodyBytes: number;
  gzip: boolean;
  /** Where the bytes read are counted as they came (`bytesIn`, before decompression), for the log line. */
  stats?: Stats;
  /** The adapter's own way to read a whole body, where it has one (`PlatformInfo.readBody`). */
  readBody?: PlatformInfo['readBody'];
}

/**
 * The body's bytes, decompressed, as they arrive. Refuses a declared `Content-Length` over the
 * limit before reading (at once: it throws the 413), and cuts off a body (or a gzip stream) that
 * grows past it.
 *
 * The request's body is released when reading stops, never cancelled: the runtime drains or drops
 * the rest itself, as after an answer that never read it (a cancel made `wrangler dev` answer the
 * next request 503).
 */
export function readBoundedBody(request: Request, limits: BodyLimits): AsyncGenerator<Uint8Array> {
  refuseDeclaredOverLimit(request, limits);
  const cap: ByteCount = { exceeded: false, bytes: 0, stats: limits.stats };
  // The stream is opened here, and only its reader goes into the loop: on Node 20 every
  // ReadableStream has a hidden class of its own, so optimised code that touched one was thrown
  // away at the start of each body, and the loop compiled again (twice per 100 MB in the profile).
  return boundedChunks(request.body && openBody(request.body, limits, cap), limits, cap);
}

/** What the cap has let through, and whether it stopped the body. */
interface ByteCount {
  exceeded: boolean;
  bytes: number;
  stats: Stats | undefined;
}

/** A reader of the body, through the cap and the decompressor when it is gzip. */
function openBody(
  body: ReadableStream<Uint8Array>,
  limits: BodyLimits,
  cap: ByteCount,
): ReadableStreamDefaultReader<Uint8Array> {
  let stream = body;
  if (limits.gzip) {
    // Node's DecompressionStream takes input as fast as it comes, whatever the output backlog, so
    // the compressed bytes are capped too: a body whose compressed form is over the limit cannot
    // be under it once inflated (deflate adds a few bytes per 64 KiB at worst).
    // `preventCancel`: stopping early ends the pipe and releases the request's body, uncancelled.
    stream = stream
      .pipeThrough(byteCap(limits.maxBodyBytes, cap), { preventCancel: true })
      .pipeThrough(
        new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
      );
  }
  return stream.getReader();
}

/** The chunks `reader` gives, counted against the limit; none when there is no body. */
async function* boundedChunks(
  reader: ReadableStreamDefaultReader<Uint8Array> | null,
  limits: BodyLimits,
  cap: ByteCount,
): AsyncGenerator<Uint8Array> {
  if (!reader) return;
  const { stats } = limits;
  let total = 0;
  let ended = false;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        // The decompressor reports a cut-off input in its own words: the cap is the real cause.
        if (cap.exceeded) throw tooLarge(limits.maxBodyBytes);
        // No bytes at all is an empty body, whatever its Content-Encoding says: runtimes that hand
        // over an empty stream must answer as those that hand over no body.
        if (limits.gzip && cap.bytes === 0) return;
        // The decompressor's only failure is bad data; a client that went away is answered by no one.
        throw limits.gzip
          ? new HttpProblem(
              'invalid-gzip',
              'The body is marked Content-Encoding: gzip but is not a valid gzip stream.',
            )
          : unreadable();
      }
      if (chunk.done) {
        ended = true;
        return;
      }
      total += chunk.value.byteLength;
      if (stats && !limits.gzip) stats.bytesIn = (stats.bytesIn ?? 0) + chunk.value.byteLength;
      if (total > limits.maxBodyBytes) throw tooLarge(limits.maxBodyBytes);
      yield chunk.value;
    }
  } finally {
    // Our own decompressing pipe is cancelled (it lets go of the request's body); the body itself
    // is only released, and only when reading stopped early: a body read to its end stays locked,
    // as after `arrayBuffer()`. (Node's first release builds its error in a new vm context: ~4 ms.)
    if (limits.gzip) reader.cancel().catch(() => {});
    else if (!ended) reader.releaseLock();
  }
}

/** Every gzip stream starts with these bytes: ID1, ID2 and CM = deflate (RFC 1952). */
const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/**
 * Passes bytes through until more than `maxBytes` have gone by, then fails with a 413. A body that
 * does not start as gzip fails at once: runtimes whose decompressor reports later (Node inflates
 * on another thread) would otherwise count more bytes first and answer 413 where others say 400.
 */
function byteCap(maxBytes: number, cap: ByteCount): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      const before = cap.bytes;
      cap.bytes += chunk.byteLength;
      if (cap.stats) cap.stats.bytesIn = cap.bytes;
      if (cap.bytes > maxBytes) {
        cap.exceeded = true;
        return controller.error(tooLarge(maxBytes));
      }
      for (let i = before; i < GZIP_MAGIC.length && i - before < chunk.byteLength; i++) {
        if (chunk[i - before] !== GZIP_MAGIC[i]) return controller.error(new TypeError('not gzip'));
      }
      controller.enqueue(chunk);
    },
  });
}

/** A declared `Content-Length` over the limit is a 413 before anything is read. */
function refuseDeclaredOverLimit(request: Request, limits: BodyLimits): void {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limits.maxBodyBytes) {
    throw tooLarge(limits.maxBodyBytes);
  }
}

function unreadable(): HttpProblem {
  return new HttpProblem('bad-request', 'The request body could not be read.');
}

function tooLarge(maxBodyBytes: number): HttpProblem {
  return new HttpProblem(
    'body-too-large',
    `The body is larger than the limit of ${maxBodyBytes} bytes${maxBodyBytes >= 1024 ? ` (${formatBytes(maxBodyBytes)})` : ''}.`,
    { maxBodyBytes },
  );
}

function formatBytes(bytes: number): string {
  const mib = bytes / 1_048_576;
  return mib >= 1 ? `${Number(mib.toFixed(2))} MiB` : `${Number((bytes / 1024).toFixed(2))} KiB`;
}

/** The whole body's bytes, decompressed and within the limit (see {@link readBoundedBody}). */
export async function readBodyBytes(request: Request, limits: BodyLimits): Promise<Uint8Array> {
  // The adapter reads the body itself where it can (no web stream), stopping past the limit too.
  if (!limits.gzip && limits.readBody) {
    refuseDeclaredOverLimit(request, limits);
    const reading = limits.readBody(limits.maxBodyBytes);
    if (reading) {
      let bytes: Uint8Array;
      try {
        bytes = await reading;
      } catch {
        throw unreadable();
      }
      if (limits.stats) limits.stats.bytesIn = bytes.byteLength;
      if (bytes.byteLength > limits.maxBodyBytes) throw tooLarge(limits.maxBodyBytes);
      return bytes;
    }
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of readBoundedBody(request, limits)) {
    chunks.push(chunk);
    total += chunk.byteLength;
  }
  return concatBytes(chunks, total);
}

/** The body's bytes as text, with a leading BOM dropped; invalid UTF-8 is a 400. */
export function decodeBody(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalidUtf8();
  }
}

/** The 400 for a body that is not UTF-8. */
export function invalidUtf8(): HttpProblem {
  return new HttpProblem('invalid-utf8', 'The body is not valid UTF-8.');
}

/** Parses a JSON body; a syntax error says where (line and column), never quoting the body. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '')
    throw new HttpProblem('invalid-json', 'The body is empty; send a JSON array of objects.');
  try {
    return parseJson(text);
  } catch {
    const { line, column, message } = locateJsonError(text);
    throw new HttpProblem('invalid-json', `${message} at line ${line}, column ${column}.`, { line, column });
  }
}

/**
 * The body as an array of plain objects, or a 400 pointing at what is not; `first`: the items are
 * the body's from that index on (those before are objects).
 */
export function assertArrayOfObjects(value: unknown, first = 0): asserts value is Record<string, unknown>[] {
  if (!Array.isArray(value)) {
    throw new HttpProblem(
      'invalid-body',
      `Expected a JSON array of objects, received ${jsonTypeName(value)}.`,
    );
  }
  const errors: Array<{ pointer: string; message: string }> = [];
  let count = 0;
  for (let index = 0; index < value.length; index++) {
    if (isPlainObject(value[index])) continue;
    count++;
    if (errors.length < 100)
      errors.push({
        pointer: `/${first + index}`,
        message: `Expected object, received ${jsonTypeName(value[index])}`,
      });
  }
  if (count > 0) {
    throw new HttpProblem('invalid-body', `${count} of ${first + value.length} items are not objects.`, {
      errors,
      errorCount: count,
    });
  }
}

/** How a 400 names a JSON value's type: `null`, `array`, or its `typeof`. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
