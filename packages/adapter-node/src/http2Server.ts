import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  Http2SecureServer,
  Http2Server,
  Http2ServerRequest,
  Http2ServerResponse,
  Http2Session,
  SecureServerOptions,
} from 'node:http2';
import { respondToClientError } from './clientError.js';

/** The timeouts of `serve`, resolved (see `ServeOptions`). */
export interface Timeouts {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
}

/** An HTTP/2 server and a way to end its sessions, which `server.close()` alone waits for. */
export interface Http2Serving {
  server: Http2Server | Http2SecureServer;
  closeSessions(): void;
}

/**
 * HTTP/2 for `serve`: over TLS (`tls` given), h2 negotiated by ALPN with HTTP/1.1 for clients that
 * do not offer it, both through the one listener; in clear text, h2c with prior knowledge only.
 * The compatibility API's request and response stand in for Node's HTTP/1 ones, which the
 * listener reads through the members the two share. `node:http2` (and TLS with it) is loaded
 * here, on demand: importing it with the adapter was a tenth of an HTTP/1 server's cold start.
 */
export async function createHttp2Server(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  tls: SecureServerOptions | undefined,
  timeouts: Timeouts,
): Promise<Http2Serving> {
  const { createSecureServer, createServer } = await import('node:http2');
  const onRequest = listener as unknown as (req: Http2ServerRequest, res: Http2ServerResponse) => void;
  const server = tls ? createSecureServer({ ...tls, allowHTTP1: true }, onRequest) : createServer(onRequest);
  if (tls) {
    // The HTTP/1.1 fallback runs Node's HTTP/1 connection handling: the same guards as `serve`.
    const http1 = server as Http2SecureServer & Partial<Timeouts>;
    Object.assign(http1, timeouts);
    server.on('clientError', respondToClientError);
  }
  // A session idle this long is closed: no slow client holds a stream (or a connection) forever.
  server.setTimeout(timeouts.requestTimeout || timeouts.keepAliveTimeout);
  const sessions = new Set<Http2Session>();
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  return {
    server,
    closeSessions: () => {
      // GOAWAY: streams in flight finish, no new ones start, then each session closes.
      for (const session of sessions) session.close();
    },
  };
}
