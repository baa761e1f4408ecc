import { type ApiKeyCheck, createApiKeyCheck } from './auth.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_ROWS, type HandlerOptions } from './contract.js';
import type { CorsOptions } from './cors.js';
import { consoleLogger, type Logger } from './log.js';

/** The handler's options checked once and resolved to what each request uses. */
export interface Config {
  options: HandlerOptions;
  maxBodyBytes: number;
  maxRows: number;
  cors: CorsOptions | undefined;
  apiKeys: ApiKeyCheck | undefined;
  logger: Logger | undefined;
}

/** Checks and resolves the options; a misconfigured guard fails here, at start-up, not as a 500 on every request. */
export function resolveConfig(options: HandlerOptions): Config {
  for (const name of ['rateLimit', 'logger'] as const) {
    const value = options[name];
    if (value !== undefined && value !== false && typeof value !== 'function')
      throw new TypeError(`createCsvHandler: ${name} must be a function`);
  }
  return {
    options,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    cors: options.cors === true ? { origins: '*' } : options.cors || undefined,
    apiKeys: options.apiKeys && options.apiKeys.length > 0 ? createApiKeyCheck(options.apiKeys) : undefined,
    logger: options.logger === false ? undefined : (options.logger ?? consoleLogger),
  };
}
