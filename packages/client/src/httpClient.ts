import { type CsvfnClient, csvfnClient } from './csvRequest.js';
import type { RowOf, SchemaLike } from './rowTypes.js';

/** Options of {@link createClient}. */
export interface HttpClientOptions<Schema extends SchemaLike | undefined = undefined> {
  /** Where the function answers, e.g. `https://csv.example.com/api` (paths resolve below it). */
  url: string;
  /** Headers sent with every request, e.g. `{ authorization: 'Bearer …' }`. */
  headers?: Record<string, string>;
  /** The `fetch` to use. Default: the global one. */
  fetch?: typeof fetch;
  /**
   * The function's row schema (e.g. a zod object), for its type only: `convert` then takes that
   * schema's rows. It is never run or sent; the function validates. `createClient<typeof schema>`
   * gives the same type without the value.
   */
  schema?: Schema;
}

/**
 * A client for a csvfn function reached over HTTP: any adapter, any host. It uses only `fetch`,
 * `Request`, `URL` and `CompressionStream`, so it runs in browsers, Workers, Deno, Bun and Node.
 *
 * @example
 * ```ts
 * const client = createClient({ url: 'http://127.0.0.1:3000/api' });
 * const csv = await client.convert([{ name: 'Ana', age: 30, jobTitle: 'CTO', badgeNumber: 1 }]);
 * ```
 */
export function createClient<Schema extends SchemaLike | undefined = undefined>(
  options: HttpClientOptions<Schema>,
): CsvfnClient<RowOf<Schema>> {
  const send = options.fetch ?? globalThis.fetch;
  return csvfnClient(options.url, (request, init = {}) => {
    const headers = new Headers(options.headers);
    for (const [name, value] of request.headers) headers.set(name, value);
    // A Request's URL is absolute already; a Request built against another base keeps its path.
    return send(new Request(request, { headers, signal: init.signal ?? request.signal }));
  });
}
