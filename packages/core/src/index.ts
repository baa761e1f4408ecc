/**
 * @csvfn/core — JSON rows in, RFC 4180 CSV out, and the csvfn HTTP contract as one Web-standard
 * `(request) => Promise<Response>`. Runs on the Web platform alone: Node, workerd, Lambda, Vercel.
 *
 * @example
 * import { createCsvHandler } from '@csvfn/core';
 * const app = createCsvHandler({ maxRows: 10_000 });
 * const response = await app(new Request('http://x/api', { method: 'POST', body: '[]' }));
 */
export {
  type ColumnKey,
  type Converter,
  type ConverterOptions,
  createConverter,
  type RowOf,
  toCsv,
  type UnwindKey,
} from './convert.js';
export { CsvValidationError, MAX_REPORTED_ISSUES } from './errors.js';
export {
  type CsvHandler,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_ROWS,
  type FetchHandler,
  type HandlerOptions,
  type PlatformInfo,
  type RateLimit,
  type RateLimitVerdict,
} from './http/contract.js';
export type { CorsOptions } from './http/cors.js';
export { createCsvHandler } from './http/createCsvHandler.js';
export type { Logger, RequestLog } from './http/log.js';
export type { QueryOption } from './http/negotiate.js';
export { type OpenApiDocument, type OpenApiOptions, openApiDocument } from './http/openapi.js';
export type {
  Attributes,
  AttributeValue,
  Counter,
  Histogram,
  InstrumentOptions,
  Meter,
  Span,
  SpanStartOptions,
  TelemetryContext,
  Tracer,
} from './http/openTelemetry.js';
export { PROBLEM_KINDS, type ProblemDetails, type ProblemKind } from './http/problem.js';
export { type MemoryRateLimitOptions, memoryRateLimit } from './http/rateLimit.js';
export { ExactNumber, jsonNumber, parseJson } from './json/exactNumber.js';
export type {
  Column,
  RowSchema,
} from './schema.js';
export { type Delimiter, type Eol, isFormulaLike } from './serialize.js';
export type { RowIssue } from './validate.js';
