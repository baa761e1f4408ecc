import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchHandler, NodePlatform, NodeServer } from '../src/index.js';
import { listen, send, shutdown } from './harness.js';

let server: NodeServer | undefined;
afterEach(async () => {
  await shutdown(server);
  server = undefined;
});

/** Serves `handler`, sends one POST, and returns the JSON the handler answered with. */
async function report(handler: FetchHandler<NodePlatform>, body = 'hello', path = '/p?q=1') {
  server = await listen(handler);
  const answer = await send(server, {
    path,
    headers: { 'content-type': 'text/plain', 'x-two': 'a' },
    body: [body],
  });
  expect(answer.status).toBe(200);
  return JSON.parse(answer.body.toString());
}

describe('the request a handler gets on Node', () => {
  it('is a Request with the full Fetch API: clone, text, the second read refused', async () => {
    const seen = await report(async (request) => {
      const copy = request.clone();
      const facts = {
        isRequest: request instanceof Request,
        method: request.method,
        url: request.url,
        type: request.headers.get('content-type'),
        cache: request.cache,
        redirect: request.redirect,
        usedBefore: request.bodyUsed,
        aborted: request.signal.aborted,
        text: await request.text(),
        copy: await copy.text(),
        usedAfter: request.bodyUsed,
        second: await request.text().then(
          () => 'read again',
          (error: Error) => error.name,
        ),
      };
      return Response.json(facts);
    });
    expect(seen).toEqual({
      isRequest: true,
      method: 'POST',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/p\?q=1$/),
      type: 'text/plain',
      cache: 'default',
      redirect: 'follow',
      usedBefore: false,
      aborted: false,
      text: 'hello',
      copy: 'hello',
      usedAfter: true,
      second: 'TypeError',
    });
  });

  it('goes into new Request() whole: method, headers and body', async () => {
    const seen = await report(async (request) => {
      const copy = new Request(request, { headers: { 'x-three': 'b' } });
      return Response.json({
        method: copy.method,
        url: new URL(copy.url).pathname,
        three: copy.headers.get('x-three'),
        body: await copy.text(),
      });
    });
    expect(seen).toEqual({ method: 'POST', url: '/p', three: 'b', body: 'hello' });
  });

  it('keeps the body stream it handed out when the full Request is built later', async () => {
    const seen = await report(async (request) => {
      const stream = request.body; // the lean body first…
      const blob = await request.blob(); // …then the full Request reads the same stream
      return Response.json({
        same: request.body === stream,
        bytes: blob.size,
        two: request.headers.get('x-two'),
      });
    });
    expect(seen).toEqual({ same: true, bytes: 5, two: 'a' });
  });

  it('refuses a body-reading method once the handler has read the stream itself', async () => {
    const seen = await report(async (request) => {
      const reader = request.body!.getReader();
      const first = await reader.read();
      return Response.json({
        first: first.done ? '' : new TextDecoder().decode(first.value),
        json: await request.json().then(
          () => 'read',
          (error: Error) => error.name,
        ),
      });
    });
    expect(seen).toEqual({ first: 'hello', json: 'TypeError' });
  });
});

describe('the request a handler gets, where undici takes a Request (Node 20, 22 and 24)', () => {
  it('goes into new Request() without an init: the same method, URL, headers, signal and body', async () => {
    const seen = await report(async (request) => {
      const copy = new Request(request);
      return Response.json({
        isRequest: copy instanceof Request,
        method: copy.method,
        path: new URL(copy.url).pathname,
        search: new URL(copy.url).search,
        type: copy.headers.get('content-type'),
        two: copy.headers.get('x-two'),
        aborted: copy.signal.aborted,
        body: await copy.text(),
      });
    });
    expect(seen).toEqual({
      isRequest: true,
      method: 'POST',
      path: '/p',
      search: '?q=1',
      type: 'text/plain',
      two: 'a',
      aborted: false,
      body: 'hello',
    });
  });

  it('goes into new Request() with an init that replaces its method and body', async () => {
    const seen = await report(async (request) => {
      const copy = new Request(request, { method: 'PUT', body: 'replaced' });
      return Response.json({ method: copy.method, two: copy.headers.get('x-two'), body: await copy.text() });
    });
    expect(seen).toEqual({ method: 'PUT', two: 'a', body: 'replaced' });
  });

  it('goes into a subclass of Request and into new request.constructor()', async () => {
    const seen = await report(async (request) => {
      class Tagged extends Request {
        readonly tag = 'mine';
      }
      const tagged = new Tagged(request);
      const Own = request.constructor as typeof Request;
      const own = new Own(request.url, { method: 'DELETE' });
      return Response.json({
        tag: tagged.tag,
        isTagged: tagged instanceof Tagged,
        isRequest: tagged instanceof Request,
        body: await tagged.text(),
        own: own.method,
      });
    });
    expect(seen).toEqual({ tag: 'mine', isTagged: true, isRequest: true, body: 'hello', own: 'DELETE' });
  });

  it('goes into fetch(): another server gets its method, path, headers and body', async () => {
    const other = await listen(async (request) =>
      Response.json({
        method: request.method,
        path: new URL(request.url).pathname,
        two: request.headers.get('x-two'),
        body: await request.text(),
      }),
    );
    try {
      // The request's URL is built from Host: pointing it at the other server makes fetch go there.
      // A length, not chunks: undici's fetch refuses to send a Transfer-Encoding header it was given.
      server = await listen(async (request) => {
        const answer = await fetch(request);
        return new Response(await answer.text(), { status: answer.status });
      });
      const answer = await send(server, {
        path: '/forwarded',
        headers: {
          host: `127.0.0.1:${other.port}`,
          'content-type': 'text/plain',
          'content-length': '5',
          'x-two': 'a',
        },
        body: ['hello'],
      });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body.toString())).toEqual({
        method: 'POST',
        path: '/forwarded',
        two: 'a',
        body: 'hello',
      });
    } finally {
      await shutdown(other);
    }
  });

  it('goes into fetch() with an init, after a clone(): the clone keeps the body', async () => {
    const other = await listen(async (request) =>
      Response.json({ method: request.method, body: await request.text() }),
    );
    try {
      server = await listen(async (request) => {
        const copy = request.clone();
        const answer = await fetch(request, { method: 'PUT' });
        return Response.json({ forwarded: await answer.json(), copy: await copy.text() });
      });
      const answer = await send(server, {
        headers: { host: `127.0.0.1:${other.port}`, 'content-length': '5' },
        body: ['hello'],
      });
      expect(JSON.parse(answer.body.toString())).toEqual({
        forwarded: { method: 'PUT', body: 'hello' },
        copy: 'hello',
      });
    } finally {
      await shutdown(other);
    }
  });

  it("reads every member of Node's Request.prototype as Node's own Request does", async () => {
    const seen = await report(async (request) => {
      const native = new Request(request.url, { method: 'POST', headers: request.headers, body: 'hello' });
      const differ: string[] = [];
      for (const name of Object.getOwnPropertyNames(Request.prototype)) {
        const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, name)!;
        if (!descriptor.get || ['body', 'headers', 'signal'].includes(name)) continue;
        const lean = (request as unknown as Record<string, unknown>)[name];
        const own = (native as unknown as Record<string, unknown>)[name];
        if (lean !== own) differ.push(`${name}: ${String(lean)} != ${String(own)}`);
      }
      const methods = Object.getOwnPropertyNames(Request.prototype).filter(
        (name) =>
          name !== 'constructor' &&
          typeof Object.getOwnPropertyDescriptor(Request.prototype, name)!.value === 'function' &&
          typeof (request as unknown as Record<string, unknown>)[name] !== 'function',
      );
      return Response.json({ differ, methodsMissing: methods, bytes: [...(await request.bytes())] });
    });
    expect(seen).toEqual({ differ: [], methodsMissing: [], bytes: [104, 101, 108, 108, 111] });
  });
});

// The built adapter (`pnpm test` builds first): a fresh process, where nothing has loaded undici.
const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/**
 * In a fresh process, after `prelude`, serves a handler that copies its request with
 * `new Request(request)` (on Node 20, with an empty prelude, what loads undici), or with the
 * `Request` taken from globalThis once `serve()` resolved, and sends it one POST.
 */
function copiedInFreshProcess(prelude: string, takenAfterServe = false) {
  const script = `
    import { request } from 'node:http';
    import { serve } from ${JSON.stringify(DIST)};
    ${prelude}
    let Taken;
    const server = await serve(async (request) => {
      const copy = new (Taken ?? Request)(request);
      return Response.json({
        lean: Object.getPrototypeOf(request) !== Request.prototype,
        isRequest: request instanceof Request && copy instanceof Request,
        method: copy.method,
        body: await copy.text(),
      });
    }, { port: 0, hostname: '127.0.0.1', onError: (error) => console.error(error) });
    ${takenAfterServe ? 'Taken = globalThis.Request;' : ''}
    const text = await new Promise((resolve, reject) => {
      const sent = request(server.url + '/', { method: 'PUT' }, (res) => {
        let text = '';
        res.on('data', (chunk) => { text += chunk; });
        res.on('end', () => resolve(res.statusCode + ' ' + text));
      });
      sent.on('error', reject);
      sent.end('hello');
    });
    await server.close();
    console.log(text);`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim();
}

describe('the lean request in a fresh process', () => {
  const expected = `200 ${JSON.stringify({ lean: true, isRequest: true, method: 'PUT', body: 'hello' })}`;

  it('goes into new Request() when that is the first thing to load undici', () => {
    expect(copiedInFreshProcess('')).toBe(expected);
  });

  it('goes into the Request taken from globalThis after serve(), before the first request', () => {
    expect(copiedInFreshProcess('', true)).toBe(expected);
  });

  it('goes into new Request() when the application loaded undici before serving', () => {
    expect(copiedInFreshProcess("new Request('http://localhost/', { method: 'POST', body: 'x' });")).toBe(
      expected,
    );
  });
});
