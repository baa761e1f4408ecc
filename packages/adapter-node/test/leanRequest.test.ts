import { afterEach, describe, expect, it } from 'vitest';
import type { FetchHandler, NodePlatform, NodeServer } from '../src/index.js';
import { listen, send, shutdown } from './harness.js';

let server: NodeServer | undefined;
afterEach(() => shutdown(server));

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
