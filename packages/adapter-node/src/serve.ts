import { createServer, type Server } from 'node:http';
import type { Http2SecureServer, Http2Server, SecureServerOptions } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { FetchHandler } from '@csvfn/platform';
import { respondToParserRejections } from './clientError.js';
import { createRequestListener, type RequestListenerOptions } from './createRequestListener.js';
import { createHttp2Server } from './http2Server.js';
import type { NodePlatform } from './nodePlatform.js';

/** Options of {@link serve}: where to listen, and how long a slow client may take. */
export interface ServeOptions extends RequestListenerOptions {
  /** Port to listen on; `0` picks a free one. Default `3000`. */
  port?: number;
  /** Interface to listen on, e.g. `127.0.0.1` for this machine only. Default: all interfaces. */
  hostname?: string;
  /**
   * Milliseconds a client has to send the complete request headers; a slow-loris client that
   * never finishes them gets `408` and is disconnected. Default `15_000` (Node's own: 60 s).
   */
  headersTimeout?: number;
  /**
   * Milliseconds a client has to send the whole request, body included. Bounds a body that
   * trickles in; raise it with `maxBodyBytes` for large streaming uploads. Default `60_000`
   * (Node's own: 300 s). Must be at least `headersTimeout`.
   */
  requestTimeout?: number;
  /**
   * Milliseconds an idle keep-alive connection stays open. Behind a load balancer, set it above
   * the balancer's idle timeout so the server never closes a connection the balancer is reusing.
   * Default `5_000` (as Node).
   */
  keepAliveTimeout?: number;
  /**
   * How often, in milliseconds, Node checks connections against the two request timeouts; a
   * timeout fires up to this late. Default `1_000` (Node's own: 30 s, too coarse for the above).
   */
  connectionsCheckingInterval?: number;
  /**
   * Serve HTTPS with these (`key` and `cert` at least, as `http2.createSecureServer` takes them):
   * HTTP/2, negotiated by ALPN, with HTTP/1.1 for clients that do not offer it.
   */
  tls?: SecureServerOptions;
  /**
   * Serve HTTP/2. With `tls` it is on, beside HTTP/1.1; without, `true` serves h2c: HTTP/2 in clear
   * text with prior knowledge (as Cloud Run or Envoy speak to a backend), and no HTTP/1.1. Default:
   * `true` with `tls`, else `false`. The timeouts above apply to HTTP/1.1 connections; an HTTP/2
   * session idle for `requestTimeout` is closed.
   */
  http2?: boolean;
}

/** A listening server. */
export interface NodeServer<S extends Server | Http2Server | Http2SecureServer = Server> {
  /** Node's server, for anything not wrapped here (e.g. `closeAllConnections()` on HTTP/1). */
  readonly server: S;
  /** The port actually bound (useful with `port: 0`). */
  readonly port: number;
  /** Base URL to reach it, e.g. `http://localhost:3000` (`https://` with `tls`). */
  readonly url: string;
  /** Stops accepting connections, closes idle ones, and resolves once in-flight requests end. */
  close(): Promise<void>;
}

/**
 * Serves a Fetch handler on Node's `http` server, with timeouts against slow clients. The handler
 * gets a {@link NodePlatform}: `platform.req` is Node's request, typed.
 *
 * @example
 * ```ts
 * import { createCsvHandler } from '@csvfn/core';
 * import { serve } from '@csvfn/adapter-node';
 * const { url } = await serve(createCsvHandler(), { port: 3000 });
 * // or your own: serve((request, platform) => new Response(platform.req.socket.remoteAddress));
 * ```
 */
export async function serve(
  handler: FetchHandler<NodePlatform>,
  options?: ServeOptions & { tls?: undefined; http2?: false },
): Promise<NodeServer>;
export async function serve(
  handler: FetchHandler<NodePlatform>,
  options: ServeOptions,
): Promise<NodeServer<Server | Http2Server | Http2SecureServer>>;
export async function serve(
  handler: FetchHandler<NodePlatform>,
  options: ServeOptions = {},
): Promise<NodeServer<Server | Http2Server | Http2SecureServer>> {
  const headersTimeout = options.headersTimeout ?? 15_000;
  const requestTimeout = options.requestTimeout ?? 60_000;
  const timeouts = {
    headersTimeout,
    // Node requires requestTimeout >= headersTimeout (0 disables it).
    requestTimeout: requestTimeout === 0 ? 0 : Math.max(requestTimeout, headersTimeout),
    keepAliveTimeout: options.keepAliveTimeout ?? 5_000,
    connectionsCheckingInterval: options.connectionsCheckingInterval ?? 1_000,
  };
  const listener = createRequestListener(handler, options);
  let server: Server | Http2Server | Http2SecureServer;
  let closeConnections: () => void;
  if (options.tls || options.http2) {
    const http2 = await createHttp2Server(listener, options.tls, timeouts);
    server = http2.server;
    closeConnections = http2.closeSessions;
  } else {
    // Node's own answer to a missing Host is an empty 400: the listener answers with a problem.
    const http1 = createServer({ ...timeouts, requireHostHeader: false }, listener);
    respondToParserRejections(http1);
    server = http1;
    closeConnections = () => http1.closeIdleConnections();
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, options.hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    port: address.port,
    url: `${options.tls ? 'https' : 'http'}://${displayHost(address.address)}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        closeConnections();
      }),
  };
}

function displayHost(address: string): string {
  if (address === '::' || address === '0.0.0.0') return 'localhost';
  return address.includes(':') ? `[${address}]` : address;
}
