/**
 * Call a csvfn function over HTTP with `fetch` (`createClient`): rows in, CSV out; a problem
 * answer becomes a typed {@link ProblemError}. Web-standard only, for browsers, Workers, Deno,
 * Bun and Node. Lambda Invoke is the `@csvfn/client/lambda` entry.
 *
 * @module
 */

export type { ConvertOptions, CsvfnClient } from './csvRequest.js';
export { type Problem, ProblemError } from './errors.js';
export { createClient, type HttpClientOptions } from './httpClient.js';
export type { BodyOptions } from './requestBody.js';
export type { RowOf, SchemaLike } from './rowTypes.js';
