import { request as httpRequest } from 'node:http';
import { type ErrorSink, type FetchHandler, LateProblem } from '@csvfn/platform';
import { describe, expect, it, vi } from 'vitest';

/**
 * One suite every adapter runs (as srvx's `addTests()` and whatwg-node's
 * `runTestsForEachServerImpl`): the guard (a handler that throws, rejects or returns no Response
 * gets the generic 500, and `onError` sees it once), the request's translation (method, URL,
 * headers, body), the answer to a request the Fetch API cannot carry, and a body that fails after
 * its 200. Expected values are written out here by hand, from docs/contract.md.
 */

/** A request as a client sends it: plain values, so a method the Fetch API refuses fits too. */
export interface KitRequest {
  method: string;
  /** Path and query, e.g. `/api?a=1`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * What the client saw: `complete` is false when the transfer was cut before its end; `status` is
 * `0` when it was cut before the status line arrived.
 */
export interface KitResponse {
  status: number;
  headers: Headers;
  body: string;
  complete: boolean;
}

/** An adapter's handler, started for one test. */
export interface Started {
  send(request: KitRequest): Promise<KitResponse>;
  close?(): Promise<void>;
}

/** An adapter as the kit drives it. */
export interface AdapterUnderTest {
  /** The `provider` its platform names. */
  provider: string;
  /** Runs `handler` through the adapter, as its platform would. */
  start(handler: FetchHandler<any>, options: { onError: ErrorSink }): Promise<Started> | Started;
  /** What a client sees when a body fails after its 200: the problem it earned, or a cut transfer. */
  lateFailure: 'problem' | 'cut';
  /**
   * Whether the platform can hand the adapter a request the Fetch API cannot carry (a `TRACE`).
   * Fetch-native platforms (Workers, Netlify, Vercel's Web functions) cannot: they get a `Request`.
   */
  untranslatable: boolean;
}

const INTERNAL = {
  type: 'urn:csvfn:problem:internal',
  title: 'Internal Server Error',
  status: 500,
  detail: 'An unexpected error occurred.',
};
const INVALID_ROWS =
  '{"type":"urn:csvfn:problem:invalid-rows","title":"Rows do not match the schema","status":422,"detail":"1 of 2 rows is invalid"}';
const POST: KitRequest = {
  method: 'POST',
  path: '/kit/api?delimiter=%3B&header=false',
  headers: { 'content-type': 'application/json', 'x-kit': 'one, two' },
  body: '[{"name":"Zoë 😀"}]',
};

/** A 200 CSV whose body sends one row, then fails with `error`. */
function failingAfterStart(error: unknown): Response {
  return new Response(
    new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('Name\r\nAna\r\n'));
      },
      pull(controller) {
        controller.error(error);
      },
    }),
    { headers: { 'content-type': 'text/csv; charset=utf-8' } },
  );
}

/** Runs the kit against one adapter. */
export function describeAdapter(name: string, adapter: AdapterUnderTest): void {
  describe(`the adapter kit: ${name}`, () => {
    async function exchange(handler: FetchHandler<any>, request: KitRequest = POST) {
      const onError = vi.fn<ErrorSink>();
      const started = await adapter.start(handler, { onError });
      try {
        return { response: await started.send(request), onError };
      } finally {
        await started.close?.();
      }
    }

    it.each([
      [
        'throws',
        () => {
          throw new Error('secret at /srv/app.js:1');
        },
      ],
      ['rejects', () => Promise.reject(new Error('secret at /srv/app.js:1'))],
      ['returns a string', () => 'Name\r\n' as unknown as Response],
      ['returns undefined', () => undefined as unknown as Response],
    ])('a handler that %s gets the generic 500 problem, and onError sees it once', async (_, handler) => {
      const { response, onError } = await exchange(handler);
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(JSON.parse(response.body)).toEqual(INTERNAL);
      expect(response.body).not.toContain('secret');
      expect(onError).toHaveBeenCalledTimes(1);
    });

    it('translates the request: method, URL, headers, body', async () => {
      let seen: Record<string, unknown> = {};
      const { response, onError } = await exchange(async (request, platform) => {
        const url = new URL(request.url);
        seen = {
          method: request.method,
          path: url.pathname,
          query: url.search,
          contentType: request.headers.get('content-type'),
          kit: request.headers.get('x-kit'),
          body: await request.text(),
          provider: platform.provider,
        };
        return new Response('ok', { status: 201, headers: { 'x-from-handler': 'yes' } });
      });
      expect(seen).toEqual({
        method: 'POST',
        path: '/kit/api',
        query: '?delimiter=%3B&header=false',
        contentType: 'application/json',
        kit: 'one, two',
        body: '[{"name":"Zoë 😀"}]',
        provider: adapter.provider,
      });
      expect(response).toMatchObject({ status: 201, body: 'ok', complete: true });
      expect(response.headers.get('x-from-handler')).toBe('yes');
      expect(onError).not.toHaveBeenCalled();
    });

    if (adapter.untranslatable) {
      it('answers a request the Fetch API cannot carry (TRACE) with 400, the handler never called', async () => {
        const handler = vi.fn<FetchHandler>(() => new Response('no'));
        const { response, onError } = await exchange(handler, {
          method: 'TRACE',
          path: '/kit/api',
          headers: {},
        });
        expect(response.status).toBe(400);
        expect(JSON.parse(response.body)).toEqual({
          type: 'urn:csvfn:problem:bad-request',
          title: 'Bad request',
          status: 400,
          detail:
            'The request cannot be represented as a Fetch API Request: its method or a header is not supported.',
        });
        expect(handler).not.toHaveBeenCalled();
        expect(onError).not.toHaveBeenCalled();
      });
    }

    const late = () => new LateProblem(422, INVALID_ROWS, { 'x-late': 'yes' });
    if (adapter.lateFailure === 'problem') {
      it('answers a late failure with the problem it earned, not logged', async () => {
        const { response, onError } = await exchange(() => failingAfterStart(late()));
        expect(response.status).toBe(422);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(response.headers.get('x-late')).toBe('yes');
        expect(response.body).toBe(INVALID_ROWS);
        expect(onError).not.toHaveBeenCalled();
      });

      it('answers any other body failure with the generic 500, and onError sees it once', async () => {
        const failure = new Error('secret');
        const { response, onError } = await exchange(() => failingAfterStart(failure));
        expect(response.status).toBe(500);
        expect(JSON.parse(response.body)).toEqual(INTERNAL);
        expect(onError).toHaveBeenCalledExactlyOnceWith(failure);
      });
    } else {
      it('cuts the transfer on a late failure: a 200 that never looks complete, not logged', async () => {
        const { response, onError } = await exchange(() => failingAfterStart(late()));
        // Cut after the 200 went out, or before its head was flushed: never complete-looking.
        expect([0, 200]).toContain(response.status);
        expect(response.complete).toBe(false);
        expect(onError).not.toHaveBeenCalled();
      });

      it('cuts the transfer on any other body failure, and onError sees it once', async () => {
        const failure = new Error('secret');
        const { response, onError } = await exchange(() => failingAfterStart(failure));
        expect([0, 200]).toContain(response.status);
        expect(response.complete).toBe(false);
        expect(onError).toHaveBeenCalledExactlyOnceWith(failure);
      });
    }
  });
}

/** A `KitRequest` as a Fetch `Request` on `origin`, for platforms that hand adapters one. */
export function toFetchRequest(request: KitRequest, origin = 'https://kit.example'): Request {
  return new Request(`${origin}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
}

/** What a client reads of a `Response`: a body that fails is a cut transfer. */
export async function fromFetchResponse(response: Response): Promise<KitResponse> {
  try {
    const body = await response.text();
    return { status: response.status, headers: response.headers, body, complete: true };
  } catch {
    return { status: response.status, headers: response.headers, body: '', complete: false };
  }
}

/** Sends a `KitRequest` over a real socket with node:http (which sends any method), one connection. */
export function sendOverHttp(port: number, request: KitRequest): Promise<KitResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        const headers = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
          headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const done = (complete: boolean) =>
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString(), complete });
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(true));
        res.on('error', () => done(false));
        res.on('aborted', () => done(false));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server cut the connection before a status line: a cut transfer, not a test failure.
      if (error.code === 'ECONNRESET')
        resolve({ status: 0, headers: new Headers(), body: '', complete: false });
      else reject(error);
    });
    req.end(request.body);
  });
}
