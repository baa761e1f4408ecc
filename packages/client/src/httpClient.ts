import { type CsvfnClient, csvfnClient } from './csvRequest.js';

/** Options of {@link createClient}. */
export interface HttpClientOptions {
  /** Where the function answers, e.g. `https://csv.example.com/api` (paths resolve below it). */
  url: string;
  /** Headers sent with every request, e.g. `{ authorization: 'Bearer …' }`. */
  headers?: Record<string, string>;
  /** The `fetch` to use. Default: the global one. */
  fetch?: typeof fetch;
}

/**
 * A client for a csvfn function reached over HTTP: any adapter, any host. Web-standard only, so
 * it runs in browsers, Workers, Deno and Node alike.
 *
 * @example
 * ```ts
 * const client = createClient({ url: 'http://127.0.0.1:3000/api' });
 * const csv = await client.convert([{ name: 'Ana', age: 30, jobTitle: 'CTO', badgeNumber: 1 }]);
 * ```
 */
export function createClient(options: HttpClientOptions): CsvfnClient {
  const send = options.fetch ?? globalThis.fetch;
  return csvfnClient(options.url, (request, init = {}) => {
    const headers = new Headers(options.headers);
    for (const [name, value] of request.headers) headers.set(name, value);
    // A Request's URL is absolute already; a Request built against another base keeps its path.
    return send(new Request(request, { headers, signal: init.signal ?? request.signal }));
  });
}
