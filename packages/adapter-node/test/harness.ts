import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import {
  type FetchHandler,
  type NodePlatform,
  type NodeServer,
  type PlatformInfo,
  type ServeOptions,
  serve,
} from '../src/index.js';

/** Serves a handler on loopback, on a free port, with errors kept out of the test output. */
export function listen(
  handler: FetchHandler<NodePlatform>,
  options: Omit<ServeOptions, 'tls' | 'http2'> = {},
): Promise<NodeServer> {
  return serve(handler, { port: 0, hostname: '127.0.0.1', onError: () => {}, ...options });
}

/** Closes a server, cutting connections a test left open. */
export async function shutdown(server: NodeServer | undefined): Promise<void> {
  if (!server) return;
  server.server.closeAllConnections();
  await server.close();
}

/** Echoes method, URL, platform (Node's `req` aside) and body back; the test's stand-in for the core. */
export const echo: FetchHandler<PlatformInfo> = (request, platform) =>
  new Response(request.body, {
    headers: {
      'x-method': request.method,
      'x-url': request.url,
      'x-platform': JSON.stringify(platform, (key, value) => (key === 'req' ? undefined : value)),
      'x-content-length': request.headers.get('content-length') ?? '',
      'x-content-encoding': request.headers.get('content-encoding') ?? '',
    },
  });

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
}

export interface SendOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  /** Written one chunk at a time; without a content-length header, Node sends them chunked. */
  body?: (string | Buffer)[];
}

/** One request through node:http, which adds nothing but Host and the framing. */
export function send(server: NodeServer, options: SendOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        method: options.method ?? 'POST',
        path: options.path ?? '/',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    for (const chunk of options.body ?? []) req.write(chunk);
    req.end();
  });
}

/**
 * Writes bytes on a raw socket, each piece in its own write once the previous one is flushed,
 * and returns everything the server sends until it closes the connection.
 */
export function sendRaw(server: NodeServer, pieces: (string | Buffer)[], keepOpen = false): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    socket.setNoDelay(true);
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(received).toString('latin1')));
    socket.on('connect', async () => {
      for (const piece of pieces) {
        await new Promise<void>((done) => socket.write(piece, () => done()));
        await new Promise((next) => setImmediate(next));
      }
      if (!keepOpen) socket.end();
    });
  });
}

/** A promise with its resolver outside, for events a test waits on. */
export function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/**
 * `promise`, or a failure naming `what` after `ms`: a wait that can only time out tells the test
 * report what never happened, instead of vitest's bare "Test timed out".
 */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not seen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
