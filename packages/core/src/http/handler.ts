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
}

/**
 * The csvfn HTTP contract as one Web-standard function: `POST` JSON rows, get CSV back, and a
 * problem+json answer for everything else. No work happens until the first request.
 */
export function createCsvHandler(options: HandlerOptions = {}): FetchHandler {
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
    const requestId = platform?.requestId ?? crypto.randomUUID();
    const cors = corsHeaders(config.cors, request.headers.get('origin'), request.method === 'OPTIONS');
    const stats: Stats = {};
    let response: Response;
    let problem: HttpProblem | undefined;
    let failure: unknown;
    try {
      response = await answer(request, config, platform, stats, cors);
    } catch (error) {
      if (!(error instanceof HttpProblem)) failure = error;
      problem =
        error instanceof HttpProblem
          ? error
          : new HttpProblem('internal', 'An unexpected error occurred.', { requestId });
      response = problemResponse(problem, cors);
    }
    if (config.logger) {
      const entry: RequestLog = {
        level: failure ? 'error' : 'info',
        msg: 'request',
        requestId,
        provider: platform?.provider ?? 'unknown',
        method: request.method,
        status: response.status,
        ...stats,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        coldStart: isColdStart,
      };
      if (problem) entry.problem = problem.toJSON().type;
      if (failure)
        entry.error = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
      config.logger(entry);
    }
    return response;
  };
}

async function answer(
  request: Request,
  config: Config,
  platform: PlatformInfo | undefined,
  stats: Stats,
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
    stats.bytesIn = text.length;
    const rows = parseJsonBody(text);
    if (Array.isArray(rows) && rows.length > config.maxRows) throw tooManyRows(config.maxRows);
    assertArrayOfObjects(rows);
    stats.rows = rows.length;
    let csv: string;
    try {
      csv = converter.toCsv(rows);
    } catch (error) {
      if (error instanceof CsvValidationError) throw invalidRows(error, error.message);
      throw error;
    }
    const body = encoder.encode(csv);
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
  if (done) return new Response(encoder.encode(head), { status: 200, headers });
  let first: string | undefined = head;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let chunk = first ?? '';
        first = undefined;
        try {
          while (chunk.length < STREAM_COMMIT_BYTES) {
            const next = await records.next();
            if (next.done) {
              if (chunk !== '') controller.enqueue(encoder.encode(chunk));
              controller.close();
              return;
            }
            chunk += next.value;
          }
        } catch (error) {
          // The 200 is already sent: ending the body with an error is the only signal left (see README).
          if (chunk !== '') controller.enqueue(encoder.encode(chunk));
          controller.error(error);
          return;
        }
        controller.enqueue(encoder.encode(chunk));
      },
      async cancel() {
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
