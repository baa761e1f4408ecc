import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestListener, type NodeServer } from '../src/index.js';
import { echo, send } from './harness.js';

/**
 * Frameworks and runtimes that read the body before the adapter runs. Each case is a "prepare"
 * step run on the request first, as Express, Firebase or Vercel's helpers would.
 */
type Prepare = (req: IncomingMessage & Record<string, unknown>) => Promise<void> | void;

async function consume(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Vercel's helpers (@vercel/node 5.9.9 `addHelpers`), reproduced: with a Content-Type they read
 * the whole body, replay it through an own `req.read`/`req.on`, and define a lazy `req.body`
 * (here one that throws, as it does on invalid JSON); without one they leave the stream alone.
 */
function vercelHelpers(getterCalls: { count: number }): Prepare {
  return async (req) => {
    Object.defineProperty(req, 'body', {
      configurable: true,
      enumerable: true,
      get() {
        getterCalls.count++;
        throw Object.assign(new Error('Invalid JSON'), { statusCode: 400 });
      },
    });
    if (req.headers['content-type'] === undefined) return;
    const raw = await consume(req);
    const replay = new PassThrough();
    const originalOn = req.on.bind(req);
    const replayOn = replay.on.bind(replay);
    req.read = replay.read.bind(replay);
    req.on = req.addListener = ((name: string, cb: (...args: unknown[]) => void) =>
      name === 'data' || name === 'end' ? replayOn(name, cb) : originalOn(name, cb)) as typeof req.on;
    replay.write(raw);
    replay.end();
  };
}

describe('a body read before the adapter runs', () => {
  let prepare: Prepare = () => {};
  let server: Server;
  let target: NodeServer;
  beforeAll(async () => {
    const listener = createRequestListener(echo, { onError: () => {} });
    server = createServer(async (req, res) => {
      await prepare(req as never);
      listener(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    target = { server, port, url: `http://127.0.0.1:${port}`, close: async () => {} };
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (body: string, headers: Record<string, string> = {}) =>
    send(target, {
      headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
      body: [body],
    });

  it('uses the raw bytes a runtime kept in req.rawBody over a parsed req.body', async () => {
    prepare = async (req) => {
      req.rawBody = await consume(req);
      req.body = { parsed: true };
    };
    const answer = await post('[ {"a": 1} ]');
    expect(answer.body.toString()).toBe('[ {"a": 1} ]');
  });

  it('replays the bytes Vercel helpers consumed, never touching the throwing req.body getter', async () => {
    const calls = { count: 0 };
    prepare = vercelHelpers(calls);
    const invalid = await post('{not json', { 'content-type': 'application/json' });
    expect(invalid.status).toBe(200);
    expect(invalid.body.toString()).toBe('{not json');
    const empty = await post('', { 'content-type': 'application/json' });
    expect(empty.body.length).toBe(0);
    expect(calls.count).toBe(0);
  });

  it('reads the stream itself when the helpers left it untouched (no Content-Type)', async () => {
    const calls = { count: 0 };
    prepare = vercelHelpers(calls);
    const answer = await send(target, { body: ['[1,', '2]'] });
    expect(answer.body.toString()).toBe('[1,2]');
    expect(calls.count).toBe(0);
  });

  it('re-serialises a parsed body, with Content-Length recomputed and Content-Encoding dropped', async () => {
    prepare = async (req) => {
      await consume(req);
      req.body = [{ name: 'Zoë', age: 3 }];
    };
    const answer = await post('[ {"name":"Zoë",  "age":3} ]', { 'content-encoding': 'identity' });
    expect(answer.body.toString()).toBe('[{"name":"Zoë","age":3}]');
    expect(answer.headers['x-content-length']).toBe(String(answer.body.length));
    expect(answer.headers['x-content-encoding']).toBe('');
  });

  it('takes a string or Buffer req.body as it is', async () => {
    prepare = async (req) => {
      req.body = (await consume(req)).toString();
    };
    expect((await post('[{"x":"é"}]')).body.toString()).toBe('[{"x":"é"}]');
    prepare = async (req) => {
      req.body = await consume(req);
    };
    expect((await post('abc')).body.toString()).toBe('abc');
  });

  it('gives a body whose read fails when only a throwing getter is left', async () => {
    prepare = async (req) => {
      await consume(req);
      Object.defineProperty(req, 'body', {
        get() {
          throw new Error('Invalid JSON');
        },
      });
    };
    // echo pipes the failing body into its answer, which fails before a byte went out: a 500.
    const answer = await post('{bad');
    expect(answer.status).toBe(500);
    expect(answer.headers['content-type']).toBe('application/problem+json');
  });

  it('gives an empty body, and does not hang, when the stream was consumed and nothing kept', async () => {
    prepare = async (req) => {
      await consume(req);
    };
    const answer = await post('lost');
    expect(answer.status).toBe(200);
    expect(answer.body.length).toBe(0);
  });
});
