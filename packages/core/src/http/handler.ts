import { type ConverterOptions, CsvConverter } from '../convert.js';
import { CsvValidationError } from '../errors.js';
import { type ApiKeyCheck, createApiKeyCheck } from './auth.js';
import {
  assertArrayOfObjects,
  type BodyLimits,
  parseJsonBody,
  readBodyText,
  readNdjsonRows,
} from './body.js';
import { type CorsOptions, corsHeaders } from './cors.js';
import { contentDisposition, requestedFilename, sanitizeFilename } from './filename.js';
import { consoleLogger, type Logger, type RequestLog } from './log.js';
import {
  bodyFormatOf,
  isGzipped,
  type OutputFormat,
  outputFormatOf,
  parseQueryOptions,
  type QueryOption,
} from './negotiate.js';
import { HttpProblem, problemResponse } from './problem.js';
import { milliseconds, ServerTiming } from './serverTiming.js';

/** What an adapter may tell the handler about the platform it runs on. */
export interface PlatformInfo {
  /** `node`, `vercel`, `lambda`, `workers`, … (for logs). */
  provider: string;
  /** The platform's id for the request (Lambda `awsRequestId`, `x-vercel-id`, `cf-ray`). */
  requestId?: string;
  /** The client's address, the rate-limit key when the request has no API key. */
  clientAddress?: string;
}

/** A Web-standard function: all an adapter needs to know of csvfn. */
export type FetchHandler = (request: Request, platform?: PlatformInfo) => Promise<Response>;

export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };
/**
 * Decides whether one more request may run. `key` is `key:<digest>` for a request with a valid API
 * key, else `ip:<address>` (or `anonymous`). Provider-neutral: plug in a platform limiter here.
 */
export type RateLimit = (key: string, request: Request) => RateLimitVerdict | Promise<RateLimitVerdict>;

export interface HandlerOptions extends ConverterOptions {
  /** Largest body accepted, counted after decompression. Default 4 MiB (under Vercel's 4.5 MB and Lambda's 6 MB). */
  maxBodyBytes?: number;
  /** Most rows accepted in one request. Default 100,000. */
  maxRows?: number;
  /** Download name, `.csv` (or `.tsv`) added. Default `data`. */
  filename?: string;
  /**
   * Which query options a request may set: `true` (all, the default), `false` (none), or a list.
   * An option left out is fixed to the server's value, and a request that sets it gets a 400.
   */
  allowQueryOptions?: boolean | readonly QueryOption[];
  /** Cross-origin access: `true` for any origin, or an allow-list. Default off. */
  cors?: boolean | CorsOptions;
  /** Require `Authorization: Bearer <key>` with one of these keys (several, to rotate without downtime). */
  apiKeys?: readonly string[];
  /** A limiter consulted for every POST; a refusal is a 429 with `Retry-After`. */
  rateLimit?: RateLimit;
  /** Where the per-request log line goes. Default: JSON on the console; `false` for none. */
  logger?: Logger | false;
  /**
   * Send a `Server-Timing` header with the duration of each step (`read`, `parse`, `convert`,
   * `total`, in milliseconds). Default `true`.
   */
  serverTiming?: boolean;
}

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 100_000;
/** A streamed (NDJSON) answer is held back until this much CSV is ready, so early errors still get a clean 4xx. */
const STREAM_COMMIT_BYTES = 65_536;
const ALLOW = 'POST, OPTIONS';

interface Config {
  options: HandlerOptions;
  maxBodyBytes: number;
  maxRows: number;
  cors: CorsOptions | undefined;
  apiKeys: ApiKeyCheck | undefined;
  logger: Logger | undefined;
}

/** Per-request facts for the log line. */
interface Stats {
  rows?: number;
  bytesIn?: number;
  bytesOut?: number;
  /** Set for a streamed answer: settles when its body has ended, failed or been cancelled. */
  streamed?: Promise<StreamOutcome>;
}

/** How a streamed body ended: `error` if it failed, `aborted` if the client went away. */
interface StreamOutcome {
  error?: unknown;
  aborted?: boolean;
}

/** A platform request id is logged and sent back in a 500, so only a short printable token is taken. */
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;
/** An unexpected error's message is logged for the operator, cut to this length. */
const MAX_LOGGED_ERROR = 500;

/**
 * The csvfn HTTP contract as one Web-standard function: `POST` JSON rows, get CSV back, and a
 * problem+json answer for everything else. No work happens until the first request.
 */
export function createCsvHandler(options: HandlerOptions = {}): FetchHandler {
  // A misconfigured guard must fail at start-up, not as a 500 on every request.
  for (const name of ['rateLimit', 'logger'] as const) {
    const value = options[name];
    if (value !== undefined && value !== false && typeof value !== 'function')
      throw new TypeError(`createCsvHandler: ${name} must be a function`);
  }
  const config: Config = {
    options,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    cors: options.cors === true ? { origins: '*' } : options.cors || undefined,
    apiKeys: options.apiKeys && options.apiKeys.length > 0 ? createApiKeyCheck(options.apiKeys) : undefined,
    logger: options.logger === false ? undefined : (options.logger ?? consoleLogger),
  };
  let coldStart = true;
  return async (request, platform) => {
    const started = performance.now();
    const isColdStart = coldStart;
    coldStart = false;
    const requestId =
      platform?.requestId !== undefined && REQUEST_ID.test(platform.requestId)
        ? platform.requestId
        : crypto.randomUUID();
    const timing = new ServerTiming(started);
    const cors = corsHeaders(config.cors, request.headers.get('origin'), request.method === 'OPTIONS');
    const stats: Stats = {};
    let response: Response;
    let problem: HttpProblem | undefined;
    let failure: unknown;
    try {
      response = await answer(countBytesIn(request, stats), config, platform, stats, timing, cors);
    } catch (error) {
      if (error instanceof HttpProblem) problem = error;
      else if (isTooDeep(error)) problem = tooDeep();
      else {
        failure = error;
        problem = new HttpProblem('internal', 'An unexpected error occurred.', { requestId });
      }
      response = problemResponse(problem, cors);
    }
    if (config.options.serverTiming !== false) response.headers.set('Server-Timing', timing.header());
    const { logger } = config;
    if (!logger) return response;
    const log = (outcome: StreamOutcome = {}) => {
      const { streamed: _, ...facts } = stats;
      const streamProblem = outcome.error instanceof HttpProblem ? outcome.error : undefined;
      const streamFailure = outcome.error !== undefined && !streamProblem ? outcome.error : undefined;
      const entry: RequestLog = {
        level: failure || streamFailure ? 'error' : 'info',
        msg: 'request',
        requestId,
        provider: platform?.provider ?? 'unknown',
        method: request.method,
        status: response.status,
        ...facts,
        durationMs: milliseconds(performance.now() - started),
        coldStart: isColdStart,
      };
      const kind = problem ?? streamProblem;
      if (kind) entry.problem = kind.toJSON().type;
      if (failure || streamFailure) entry.error = describeFailure(failure ?? streamFailure);
      if (outcome.aborted) entry.aborted = true;
      try {
        logger(entry);
      } catch {
        // A failing logger must not fail the request it reports on.
      }
    };
    // A streamed answer is logged when its body ends, with its final counts and any late error.
    if (stats.streamed) stats.streamed.then(log);
    else log();
    return response;
  };
}

/** The request with its body bytes counted into `stats.bytesIn` as they are read (before decompression). */
function countBytesIn(request: Request, stats: Stats): Request {
  if (!request.body || request.body.locked || request.method !== 'POST') return request;
  stats.bytesIn = 0;
  const reader = request.body.getReader();
  // Pulls from the client only when the handler reads: no read-ahead past a limit.
  const counted = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        stats.bytesIn! += value.byteLength;
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: counted,
    signal: request.signal,
    duplex: 'half',
  } as RequestInit);
}

async function answer(
  request: Request,
  config: Config,
  platform: PlatformInfo | undefined,
  stats: Stats,
  timing: ServerTiming,
  cors: Record<string, string>,
): Promise<Response> {
  const { options } = config;
  if (request.method === 'OPTIONS')
    return new Response(null, { status: 204, headers: { Allow: ALLOW, ...cors } });
  if (request.method !== 'POST') {
    throw new HttpProblem('method-not-allowed', 'Only POST requests are allowed.', {}, { Allow: ALLOW });
  }

  const keyId = config.apiKeys
    ? await config.apiKeys.verify(request.headers.get('authorization'))
    : undefined;
  if (options.rateLimit) {
    const key = keyId ?? (platform?.clientAddress ? `ip:${platform.clientAddress}` : 'anonymous');
    const verdict = await options.rateLimit(key, request);
    if (!verdict.allowed) {
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterSeconds));
      throw new HttpProblem(
        'rate-limited',
        `Too many requests; retry after ${seconds} seconds.`,
        {},
        { 'Retry-After': String(seconds) },
      );
    }
  }
  if (config.apiKeys && keyId === undefined) {
    throw new HttpProblem(
      'unauthorized',
      'Send a valid API key as Authorization: Bearer <key>.',
      {},
      { 'WWW-Authenticate': 'Bearer' },
    );
  }

  const query = parseQueryOptions(new URL(request.url), options.allowQueryOptions ?? true);
  const format = outputFormatOf(request.headers.get('accept'));
  const bodyFormat = bodyFormatOf(request.headers.get('content-type'));
  const limits: BodyLimits = {
    maxBodyBytes: config.maxBodyBytes,
    gzip: isGzipped(request.headers.get('content-encoding')),
  };

  const extension = format === 'tsv' ? 'tsv' : 'csv';
  const filename =
    query.filename !== undefined
      ? requestedFilename(query.filename, extension)
      : (sanitizeFilename(options.filename ?? 'data', extension) ?? `data.${extension}`);
  const converterOptions: ConverterOptions = {
    ...options,
    delimiter: format === 'tsv' ? '\t' : (query.delimiter ?? options.delimiter),
    eol: query.eol ?? options.eol,
    header: query.header ?? options.header,
    bom: query.bom ?? options.bom,
  };
  const headers = {
    'Content-Type': contentType(format, converterOptions.header !== false),
    'Content-Disposition': contentDisposition(filename),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...cors,
  };
  const converter = new CsvConverter(converterOptions);
  const encoder = new TextEncoder();

  if (bodyFormat === 'json') {
    const text = await readBodyText(request, limits);
    timing.mark('read');
    const rows = parseJsonBody(text);
    if (Array.isArray(rows) && rows.length > config.maxRows) throw tooManyRows(config.maxRows);
    assertArrayOfObjects(rows);
    stats.rows = rows.length;
    timing.mark('parse');
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = converter.toCsvBytes(rows);
    } catch (error) {
      if (error instanceof CsvValidationError) throw invalidRows(error, error.message);
      throw error;
    } finally {
      timing.mark('convert');
    }
    stats.bytesOut = body.byteLength;
    return new Response(body, { status: 200, headers });
  }

  // NDJSON: convert rows as they arrive. The first STREAM_COMMIT_BYTES of CSV are held back, so a
  // small body is checked whole and an early error still gets its own status.
  const records = converter.records(countRows(readNdjsonRows(request, limits), config.maxRows, stats));
  let head = '';
  let done = false;
  try {
    while (head.length < STREAM_COMMIT_BYTES) {
      const next = await records.next();
      if (next.done) {
        done = true;
        break;
      }
      head += next.value;
    }
  } catch (error) {
    if (error instanceof CsvValidationError) {
      throw invalidRows(
        error,
        `Row ${error.rowCount} is invalid; a streamed (NDJSON) body stops at its first invalid row.`,
      );
    }
    throw error;
  }
  if (done) {
    const body = encoder.encode(head);
    stats.bytesOut = body.byteLength;
    return new Response(body, { status: 200, headers });
  }
  let first: string | undefined = head;
  let settle!: (outcome: StreamOutcome) => void;
  stats.streamed = new Promise((resolve) => {
    settle = resolve;
  });
  stats.bytesOut = 0;
  const send = (controller: ReadableStreamDefaultController<Uint8Array>, chunk: string) => {
    const bytes = encoder.encode(chunk);
    stats.bytesOut! += bytes.byteLength;
    controller.enqueue(bytes);
  };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk = first ?? '';
        first = undefined;
        try {
          while (chunk.length < STREAM_COMMIT_BYTES) {
            const next = await records.next();
            if (next.done) {
              if (chunk !== '') send(controller, chunk);
              controller.close();
              settle({});
              return;
            }
            chunk += next.value;
          }
        } catch (error) {
          // The 200 is already sent: ending the body with an error is the only signal left (see README).
          if (chunk !== '') send(controller, chunk);
          controller.error(error);
          settle({
            error:
              error instanceof CsvValidationError
                ? invalidRows(error, error.message)
                : isTooDeep(error)
                  ? tooDeep()
                  : error,
          });
          return;
        }
        send(controller, chunk);
      },
      async cancel() {
        settle({ aborted: true });
        await records.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: 200, headers });
}

function contentType(format: OutputFormat, header: boolean): string {
  if (format === 'tsv') return 'text/tab-separated-values; charset=utf-8';
  return `text/csv; charset=utf-8; header=${header ? 'present' : 'absent'}`;
}

function tooManyRows(maxRows: number): HttpProblem {
  return new HttpProblem('too-many-rows', `The body has more than the limit of ${maxRows} rows.`, {
    maxRows,
  });
}

function invalidRows(error: CsvValidationError, detail: string): HttpProblem {
  return new HttpProblem('invalid-rows', detail, { errors: error.issues, errorCount: error.issueCount });
}

async function* countRows(
  rows: AsyncIterable<unknown>,
  maxRows: number,
  stats: Stats,
): AsyncGenerator<unknown> {
  let count = 0;
  for await (const row of rows) {
    if (++count > maxRows) throw tooManyRows(maxRows);
    stats.rows = count;
    yield row;
  }
}

/**
 * A value nested so deeply (tens of thousands of levels) that writing it as JSON in a cell runs
 * out of stack: the body's fault, not the server's. JSON.parse itself takes any depth.
 */
function isTooDeep(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function tooDeep(): HttpProblem {
  return new HttpProblem('bad-request', 'A value in the body is nested too deeply to be written as CSV.');
}

/** What the operator's log says of an unexpected error: its name and message, cut short (never its stack). */
function describeFailure(failure: unknown): string {
  const text = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
  return text.length > MAX_LOGGED_ERROR ? `${text.slice(0, MAX_LOGGED_ERROR)}…` : text;
}
