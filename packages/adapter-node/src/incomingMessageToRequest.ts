import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestHost } from '@csvfn/platform';
import { resolveRequestBody } from './requestBody.js';

/** How to read a Node request. */
export interface IncomingMessageToRequestOptions {
  /**
   * Build the URL from `X-Forwarded-Proto` and `X-Forwarded-Host` instead of the socket and
   * `Host`. Turn on only behind a proxy that overwrites those headers: a client can send them
   * too. Default `false`.
   */
  trustProxy?: boolean;
}

/**
 * Turns Node's `IncomingMessage` into a Web `Request`, without buffering the body.
 *
 * - URL: scheme from the socket (or `X-Forwarded-Proto` with `trustProxy`), host from `Host`
 *   (or `X-Forwarded-Host`); an unusable host becomes `localhost`.
 * - Headers: as the client sent them, repeats included (from `rawHeaders`).
 * - Body (none for GET and HEAD): the socket stream with backpressure when nobody has read it;
 *   otherwise raw bytes a runtime kept (`req.rawBody`, Vercel's replay), otherwise a body a
 *   framework parsed (`req.body`; then `Content-Length` is recomputed and `Content-Encoding`
 *   dropped, since parsers decode).
 * - `request.signal` aborts when the client goes away: pass `res` to notice that while the
 *   response is being written too, not only while the body is arriving.
 *
 * @throws TypeError for methods the Fetch API refuses (`CONNECT`, `TRACE`, `TRACK`).
 */
export function incomingMessageToRequest(
  req: IncomingMessage,
  res?: ServerResponse,
  options: IncomingMessageToRequestOptions = {},
): Request {
  const headers = toHeaders(req.rawHeaders);
  const { body, reserialized } = resolveRequestBody(req);
  if (reserialized && body instanceof Uint8Array) {
    headers.delete('content-encoding');
    headers.delete('transfer-encoding');
    headers.set('content-length', String(body.byteLength));
  }
  const init: RequestInit & { duplex: 'half' } = {
    method: req.method ?? 'GET',
    headers,
    body,
    signal: abortOnDisconnect(req, res),
    // Required by the Fetch spec for a streamed body; the handler may answer before reading it all.
    duplex: 'half',
  };
  return new Request(requestUrl(req, options.trustProxy === true), init);
}

/** The request's absolute URL (see {@link incomingMessageToRequest}). */
export function requestUrl(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = (name: string) => {
    const value = trustProxy ? req.headers[name] : undefined;
    return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
  };
  const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true;
  const forwardedProto = forwarded('x-forwarded-proto')?.toLowerCase();
  const scheme =
    forwardedProto === 'http' || forwardedProto === 'https' ? forwardedProto : encrypted ? 'https' : 'http';
  // HTTP/2 names the host in the `:authority` pseudo-header (a `Host` header is optional there).
  const host = requestHost(forwarded('x-forwarded-host') ?? req.headers.host ?? header(req, ':authority'));
  return `${scheme}://${host}${requestPath(req.url)}`;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The path and query. Concatenated, never resolved, so `//evil.example/x` stays a path. */
function requestPath(target = '/'): string {
  if (target.startsWith('/')) return target;
  try {
    // Absolute form (`POST http://host/api HTTP/1.1`), as proxies send it.
    const url = new URL(target);
    return url.pathname + url.search;
  } catch {
    return '/'; // `*` (OPTIONS *) or garbage
  }
}

/**
 * Node's raw header list as `Headers`, repeats kept, values the Fetch API refuses left out; into
 * `headers` when given (the lean request's, which loads no undici).
 */
export function toHeaders(rawHeaders: string[], headers: Headers = new Headers()): Headers {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.startsWith(':')) continue; // HTTP/2 pseudo-headers
    try {
      headers.append(name, rawHeaders[i + 1]!);
    } catch {
      // A value Node's lenient parser accepted but the Fetch API refuses: leave it out.
    }
  }
  return headers;
}

/** A signal that aborts when the client goes away, or at once if it already has. */
export function abortOnDisconnect(req: IncomingMessage, res: ServerResponse | undefined): AbortSignal {
  const controller = new AbortController();
  // Built on first use by the lean request, maybe after the 'close' it listens for.
  if (res ? res.closed && !res.writableFinished : req.closed && !req.complete) controller.abort();
  else if (res) {
    // 'close' always comes; before 'finish' it means the connection went away.
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
  } else {
    req.once('close', () => {
      if (!req.complete) controller.abort();
    });
  }
  return controller.signal;
}
