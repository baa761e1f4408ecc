import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort } from '@csvfn/harness/process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Who protects what on a bare port (docs/deploy/<home>.md): the examples that a user may run with
// nothing in front — Node's `serve()`, `deno serve`, `Bun.serve` — sent requests at the HTTP
// framing level, over a raw socket. What each runtime's own server does is pinned here by hand,
// from its documented and observed behaviour, so a runtime upgrade that changes it fails a test
// and the docs get looked at again.

interface Exchange {
  /** The status line, or '' when the server closed without a response. */
  statusLine: string;
  contentType: string;
  contentEncoding: string;
  /** Whether the server ended the connection within the wait. */
  closed: boolean;
}

/** Sends raw bytes on a fresh connection; collects the response until the server closes or `waitMs` pass. */
function exchange(port: number, bytes: string, waitMs = 5_000): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const head = received.split('\r\n\r\n')[0]!.split('\r\n');
      const header = (name: string) =>
        head.find((line) => line.toLowerCase().startsWith(`${name}:`))?.replace(/^[^:]+:\s*/, '') ?? '';
      resolve({
        statusLine: head[0] ?? '',
        contentType: header('content-type'),
        contentEncoding: header('content-encoding'),
        closed,
      });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => {});
    socket.write(bytes, 'latin1');
  });
}

const BODY = '[{"name":"a","age":1,"jobTitle":"x","badgeNumber":2}]';
const post = (head: string, body = BODY) =>
  `${head}\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`;
const REQUESTS = {
  'HTTP/1.1 without Host': post('POST /api HTTP/1.1'),
  'Content-Length and Transfer-Encoding': `POST /api HTTP/1.1\r\nhost: x\r\ncontent-length: 4\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n0\r\n\r\n`,
  'two different Content-Lengths': `POST /api HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\ncontent-length: 3\r\nconnection: close\r\n\r\n[]`,
  'a NUL in a header value': `POST /api HTTP/1.1\r\nhost: x\r\nx-a: a\0b\r\ncontent-length: 2\r\nconnection: close\r\n\r\n[]`,
  '40 KiB of headers': post(`POST /api HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(40 * 1024)}`),
  'a 20 KiB request target': post(`POST /api?x=${'a'.repeat(20 * 1024)} HTTP/1.1\r\nhost: x`),
  'a lower-case post': post('post /api HTTP/1.1\r\nhost: x'),
  TRACK: 'TRACK /api HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n',
  'a Content-Length of 1 GB': `POST /api HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000000000\r\nconnection: close\r\n\r\n`,
  'POST /anything/else': post('POST /anything/else HTTP/1.1\r\nhost: x'),
} as const;
type Case = keyof typeof REQUESTS;

const PROBLEM = 'application/problem+json';
const CSV = 'text/csv; charset=utf-8; header=present';
/** What a client sees: status code and content type ('' for none); `dropped` for no response at all. */
type Seen = readonly [number, string] | 'dropped';

/** A slow-loris client: half a head, then nothing, for 20 s. */
const SLOW_HEAD = 'POST /api HTTP/1.1\r\nhost: x\r\n';
type SlowClient = '408' | 'closed without a response' | 'still open';

/** 200 employees, about 8 KiB of CSV: over the 1 KiB under which nothing is compressed. */
const MANY = JSON.stringify(
  Array.from({ length: 200 }, (_, i) => ({
    name: `n${i}`,
    age: i,
    jobTitle: 'Software Developer',
    badgeNumber: i,
  })),
);

const HOMES: Record<
  string,
  { command: string[]; ready: RegExp; seen: Record<Case, Seen>; slow: SlowClient }
> = {
  node: {
    command: ['node', 'server.mjs'],
    ready: /serving the employee converter at POST http:\/\/127\.0\.0\.1:/,
    // serve() turns every refusal of Node's parser into csvfn's problem.
    seen: {
      'HTTP/1.1 without Host': [400, PROBLEM],
      'Content-Length and Transfer-Encoding': [400, PROBLEM],
      'two different Content-Lengths': [400, PROBLEM],
      'a NUL in a header value': [400, PROBLEM],
      '40 KiB of headers': [431, PROBLEM],
      'a 20 KiB request target': [431, PROBLEM],
      'a lower-case post': [501, PROBLEM],
      TRACK: [501, PROBLEM],
      'a Content-Length of 1 GB': [413, PROBLEM],
      'POST /anything/else': [200, CSV],
    },
    slow: '408', // headersTimeout, 15 s
    gzip: 'gzip', // serve() compresses
  },
  deno: {
    command: [
      'node',
      '../../runtimes/run.mjs',
      'deno',
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      'PORT',
      'main.ts',
    ],
    ready: /Listening on/,
    // Deno's server: framing errors are its bare 400; no Host and large heads pass to csvfn.
    seen: {
      'HTTP/1.1 without Host': [200, CSV],
      'Content-Length and Transfer-Encoding': [400, ''],
      'two different Content-Lengths': [400, ''],
      'a NUL in a header value': [400, ''],
      '40 KiB of headers': [200, CSV],
      'a 20 KiB request target': [200, CSV],
      'a lower-case post': [405, PROBLEM],
      TRACK: [405, PROBLEM],
      'a Content-Length of 1 GB': [413, PROBLEM],
      'POST /anything/else': [200, CSV],
    },
    slow: 'still open', // Deno's server has no header timeout
    gzip: '', // nobody compresses the CSV
  },
  bun: {
    command: ['node', '../../runtimes/run.mjs', 'bun', 'server.ts'],
    ready: /csvfn on Bun/,
    // Bun's server: bare 400 and 431; a method it does not know gets no response at all. The
    // example lifts maxRequestBodySize, so the 1 GB Content-Length meets csvfn's 413.
    seen: {
      'HTTP/1.1 without Host': [400, ''],
      'Content-Length and Transfer-Encoding': [400, ''],
      'two different Content-Lengths': [400, ''],
      'a NUL in a header value': [400, ''],
      '40 KiB of headers': [431, ''],
      'a 20 KiB request target': [431, ''],
      'a lower-case post': 'dropped',
      TRACK: 'dropped',
      'a Content-Length of 1 GB': [413, PROBLEM],
      'POST /anything/else': [200, CSV],
    },
    slow: 'closed without a response', // Bun.serve's idleTimeout, 10 s by default
    gzip: '', // nobody compresses
  },
};

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {}
  }
});

describe.concurrent.each(Object.entries(HOMES))(
  'examples/%s on a bare port',
  (home, { command, ready, seen, slow, gzip }) => {
    let port = 0;
    beforeAll(async () => {
      port = await freePort();
      const [file, ...args] = command.map((part) => (part === 'PORT' ? String(port) : part));
      const child = spawn(file!, args, {
        cwd: fileURLToPath(new URL(`../${home}/`, import.meta.url)),
        env: { ...process.env, PORT: String(port) },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`examples/${home} did not start in 60 s:\n${output}`)),
          60_000,
        );
        const look = (chunk: Buffer) => {
          output += chunk;
          if (ready.test(output)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout!.on('data', look);
        child.stderr!.on('data', look);
        child.once('exit', (code) => reject(new Error(`examples/${home} exited (${code}):\n${output}`)));
      });
    }, 90_000);

    it.each(Object.keys(REQUESTS) as Case[])('%s', async (name) => {
      const answer = await exchange(port, REQUESTS[name]);
      const expected = seen[name];
      if (expected === 'dropped') {
        expect(answer).toEqual({ statusLine: '', contentType: '', contentEncoding: '', closed: true });
        return;
      }
      expect(answer.statusLine.split(' ')[1], answer.statusLine).toBe(String(expected[0]));
      expect(answer.contentType).toBe(expected[1]);
    });

    it(`Accept-Encoding: gzip gets Content-Encoding: ${gzip || 'none'}`, async () => {
      const answer = await exchange(
        port,
        post('POST /api HTTP/1.1\r\nhost: x\r\naccept-encoding: gzip', MANY),
      );
      expect(answer.statusLine.split(' ')[1]).toBe('200');
      expect(answer.contentEncoding).toBe(gzip);
    });

    it(`a client that stops halfway through its headers: ${slow} within 20 s`, async () => {
      const answer = await exchange(port, SLOW_HEAD, 20_000);
      const what: SlowClient = !answer.closed
        ? 'still open'
        : answer.statusLine === ''
          ? 'closed without a response'
          : (answer.statusLine.split(' ')[1] as '408');
      expect(what, answer.statusLine).toBe(slow);
    }, 30_000);
  },
);
