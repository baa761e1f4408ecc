import { CONVERTER_OPTIONS, checkConverterOptions } from '../convert.js';
import { checkBoolean, checkPositiveInteger, fail } from '../options.js';
import { type ApiKeyCheck, createApiKeyCheck } from './auth.js';
import { DEFAULT_BATCH_ROWS } from './batches.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_ROWS, type HandlerOptions } from './contract.js';
import type { CorsOptions } from './cors.js';
import { sanitizeFilename } from './filename.js';
import { consoleLogger, type Logger } from './log.js';
import { QUERY_OPTIONS } from './negotiate.js';
import { type StartTelemetry, startTelemetry } from './tracing.js';

/** The handler's options checked once and resolved to what each request uses. */
export interface Config {
  options: HandlerOptions;
  maxBodyBytes: number;
  maxRows: number;
  batchRows: number;
  cors: CorsOptions | undefined;
  apiKeys: ApiKeyCheck | undefined;
  logger: Logger | undefined;
  /** Set when a `tracer` or a `meter` is given. */
  telemetry: StartTelemetry | undefined;
}

const WHO = 'createCsvHandler';
const HANDLER_OPTIONS = new Set([
  ...CONVERTER_OPTIONS,
  'maxBodyBytes',
  'maxRows',
  'batchRows',
  'filename',
  'allowQueryOptions',
  'cors',
  'apiKeys',
  'rateLimit',
  'logger',
  'serverTiming',
  'healthPath',
  'tracer',
  'meter',
]);

/**
 * Checks every option and resolves them; a mistake throws a TypeError naming the option here, at
 * start-up, never as a 500 on every request.
 */
export function resolveConfig(options: HandlerOptions): Config {
  checkConverterOptions(WHO, options, HANDLER_OPTIONS);
  for (const name of ['rateLimit', 'logger'] as const) {
    const value = options[name];
    if (value !== undefined && (name === 'rateLimit' || value !== false) && typeof value !== 'function')
      fail(WHO, name, `must be a function${name === 'logger' ? ' or false' : ''}`);
  }
  checkPositiveInteger(WHO, 'maxBodyBytes', options.maxBodyBytes);
  checkPositiveInteger(WHO, 'maxRows', options.maxRows);
  if (options.batchRows !== Number.POSITIVE_INFINITY)
    checkPositiveInteger(WHO, 'batchRows', options.batchRows);
  checkBoolean(WHO, 'serverTiming', options.serverTiming);
  const { filename, allowQueryOptions, cors, apiKeys, healthPath } = options;
  if (filename !== undefined && (typeof filename !== 'string' || !sanitizeFilename(filename, 'csv')))
    fail(WHO, 'filename', 'must be a file name with at least one usable character');
  if (
    allowQueryOptions !== undefined &&
    typeof allowQueryOptions !== 'boolean' &&
    !(Array.isArray(allowQueryOptions) && allowQueryOptions.every((name) => QUERY_OPTIONS.includes(name)))
  )
    fail(WHO, 'allowQueryOptions', `must be true, false or a list of ${QUERY_OPTIONS.join(', ')}`);
  if (cors !== undefined && typeof cors !== 'boolean') {
    const origins = (cors as CorsOptions | null)?.origins;
    if (origins !== '*' && !(Array.isArray(origins) && origins.every((origin) => typeof origin === 'string')))
      fail(WHO, 'cors', "must be true, false or { origins: '*' | string[], maxAge?: number }");
    const maxAge = (cors as CorsOptions).maxAge;
    if (maxAge !== undefined && !(Number.isSafeInteger(maxAge) && maxAge >= 0))
      fail(WHO, 'cors.maxAge', 'must be a whole number of seconds');
  }
  // An unset entry (undefined, null or '': an env var not there yet) is skipped, never a key.
  if (
    apiKeys !== undefined &&
    !(
      Array.isArray(apiKeys) &&
      apiKeys.every((key) => key === undefined || key === null || typeof key === 'string')
    )
  )
    fail(WHO, 'apiKeys', 'must be a list of keys (strings; unset entries are skipped)');
  const { tracer, meter } = options;
  if (tracer !== undefined && typeof tracer?.startSpan !== 'function')
    fail(WHO, 'tracer', "must be an OpenTelemetry Tracer, such as trace.getTracer('my-app')");
  if (meter !== undefined && typeof meter?.createCounter !== 'function')
    fail(WHO, 'meter', "must be an OpenTelemetry Meter, such as metrics.getMeter('my-app')");
  if (healthPath !== undefined && (typeof healthPath !== 'string' || !healthPath.startsWith('/')))
    fail(WHO, 'healthPath', "must be a path starting with '/', such as '/healthz'");
  return {
    options,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    batchRows: options.batchRows ?? DEFAULT_BATCH_ROWS,
    cors: options.cors === true ? { origins: '*' } : options.cors || undefined,
    // A list whose every entry is unset stays closed: no key is the same as a wrong key.
    apiKeys: apiKeys && apiKeys.length > 0 ? createApiKeyCheck(apiKeys) : undefined,
    logger: options.logger === false ? undefined : (options.logger ?? consoleLogger),
    // Asked here, so an untraced handler never compiles startTelemetry (2 KiB minified) at start-up.
    telemetry: tracer || meter ? startTelemetry(options) : undefined,
  };
}
