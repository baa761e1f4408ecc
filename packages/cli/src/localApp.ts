import { readFile } from 'node:fs/promises';
import { type CsvHandler, createCsvHandler, type HandlerOptions, openApiDocument } from '@csvfn/core';

/** The files of the playground, shipped beside `dist/` in the package. */
const PLAYGROUND_DIR = new URL('../playground/', import.meta.url);

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/playground.js': { file: 'playground.js', type: 'text/javascript; charset=utf-8' },
  '/playground.css': { file: 'playground.css', type: 'text/css; charset=utf-8' },
};

/** The page may load only its own files and talk only to its own origin. */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Options of {@link createLocalApp}: the function's own, and where it is mounted. */
export interface LocalAppOptions extends HandlerOptions {
  /** Path of the function. Default `/api`. */
  apiPath?: string;
}

/**
 * The local development app of `csvfn serve`, as one Web fetch handler: the function at `/api`,
 * the browser playground at `/`, the OpenAPI document at `/openapi.json`. For local use only:
 * a deployed function is `createCsvHandler()` alone.
 *
 * @example
 * import { serve } from '@csvfn/adapter-node';
 * import { createLocalApp } from '@csvfn/cli';
 * await serve(createLocalApp({ maxRows: 1000 }), { port: 3000, hostname: '127.0.0.1' });
 */
export function createLocalApp(options: LocalAppOptions = {}): CsvHandler {
  const { apiPath = '/api', ...handlerOptions } = options;
  const api = createCsvHandler(handlerOptions);
  let openApi: string | undefined;
  const files = new Map<string, Promise<Uint8Array>>();
  const asset = (file: string) => {
    let bytes = files.get(file);
    if (!bytes) {
      bytes = readFile(new URL(file, PLAYGROUND_DIR));
      files.set(file, bytes);
    }
    return bytes;
  };

  return async (request, platform) => {
    const { pathname } = new URL(request.url);
    if (pathname === apiPath || pathname === `${apiPath}/`) return api(request, platform);

    const isRead = request.method === 'GET' || request.method === 'HEAD';
    if (pathname === '/openapi.json') {
      if (!isRead) return methodNotAllowed();
      openApi ??= JSON.stringify(openApiDocument(handlerOptions, { path: apiPath }), null, 2);
      return new Response(request.method === 'HEAD' ? null : openApi, {
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' },
      });
    }
    const found = ASSETS[pathname];
    if (!found) return notFound(pathname);
    if (!isRead) return methodNotAllowed();
    const body = await asset(found.file);
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), {
      headers: {
        'Content-Type': found.type,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        ...(found.file.endsWith('.html')
          ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'Referrer-Policy': 'no-referrer' }
          : {}),
      },
    });
  };
}

function notFound(pathname: string): Response {
  return problem(404, 'Not Found', `Nothing at ${pathname}: the function is at /api, the playground at /.`);
}

function methodNotAllowed(): Response {
  const response = problem(405, 'Method Not Allowed', 'Only GET and HEAD requests are allowed here.');
  response.headers.set('Allow', 'GET, HEAD');
  return response;
}

function problem(status: number, title: string, detail: string): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title, status, detail }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store' },
  });
}
