import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// The built adapter, as a deploy runs it (`pnpm test` builds first): a fresh process is the only
// place to see which of Node's modules an import and `listen` load. (Node 20's undici, which the
// first Request or Response loads, brings node:http2 in itself.)
const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** Node's built-in modules a fresh process has loaded after `script` ran (an ES module body). */
function loadedAfter(script: string): string[] {
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { serve } from ${JSON.stringify(DIST)};\n${script}\nconsole.log(JSON.stringify(process.moduleLoadList));`,
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as string[];
}

const http2Modules = (list: string[]) => list.filter((name) => /^NativeModule (?:http2|tls)$/.test(name));
const undiciModules = (list: string[]) => list.filter((name) => name.includes('undici'));

/**
 * What `import 'node:http'` alone loads. Node 22.23+ and 24 load undici with it (and with undici
 * zlib, http2 and TLS): there nothing is left to defer, and the adapter must load nothing beyond it.
 */
const loadedByHttp = JSON.parse(
  execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "import 'node:http'; console.log(JSON.stringify(process.moduleLoadList))"],
    { encoding: 'utf8' },
  ),
) as string[];

describe('cold start: what an HTTP/1 server loads', () => {
  it('loads neither node:http2 nor TLS to import and listen, beyond what node:http loads itself', () => {
    const loaded = loadedAfter(`
      const server = await serve(() => new Response('ok'), { port: 0, hostname: '127.0.0.1' });
      await server.close();`);
    expect(loaded).toContain('NativeModule http');
    expect(http2Modules(loaded)).toEqual(http2Modules(loadedByHttp));
  });

  it('loads them once an HTTP/2 server is asked for', () => {
    const loaded = loadedAfter(`
      const server = await serve(() => new Response('ok'), { port: 0, hostname: '127.0.0.1', http2: true });
      await server.close();`);
    expect(http2Modules(loaded)).toEqual(['NativeModule tls', 'NativeModule http2']);
  });
});

describe('cold start: the first request', () => {
  it('loads no undici (beyond what node:http loads itself) for an answer made of bytes and plain headers, as the core builds its answers', () => {
    // What createCsvHandler does with a JSON body: reads headers and the body stream, builds a
    // Response of bytes, sets a header on it. The client is node:http (fetch would load undici).
    const loaded = loadedAfter(`
      import { request } from 'node:http';
      const server = await serve(async (req) => {
        const type = req.headers.get('content-type');
        const reader = req.body.getReader();
        let size = 0;
        for (let r = await reader.read(); !r.done; r = await reader.read()) size += r.value.byteLength;
        const response = new Response(new TextEncoder().encode(type + ' ' + size), { status: 200, headers: { 'content-type': 'text/csv' } });
        response.headers.set('server-timing', 'total;dur=1');
        return response;
      }, { port: 0, hostname: '127.0.0.1', onError: () => {} });
      const answer = await new Promise((resolve, reject) => {
        const sent = request(server.url + '/api', { method: 'POST', headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' } }, (res) => {
          let text = '';
          res.on('data', (chunk) => { text += chunk; });
          res.on('end', () => resolve([res.statusCode, res.headers['server-timing'], res.headers['content-length'], text]));
        });
        sent.on('error', reject);
        sent.end('[{"a":1}]');
      });
      if (JSON.stringify(answer) !== JSON.stringify([200, 'total;dur=1', '18', 'application/json 9'])) throw new Error(JSON.stringify(answer));
      await server.close();`);
    expect(undiciModules(loaded)).toEqual(undiciModules(loadedByHttp));
  });
});

describe('cold start: the clock', () => {
  it("gives a handler platform.now, milliseconds of a monotonic clock, whose use loads no perf_hooks (performance.now()'s first use does on Node 20)", () => {
    const loaded = loadedAfter(`
      import { request } from 'node:http';
      const server = await serve(async (req, platform) => {
        const start = platform.now();
        await new Promise((resolve) => setTimeout(resolve, 50));
        return new Response(String(platform.now() - start));
      }, { port: 0, hostname: '127.0.0.1', onError: () => {} });
      const waited = await new Promise((resolve, reject) => {
        const sent = request(server.url + '/', { method: 'POST' }, (res) => {
          let text = '';
          res.on('data', (chunk) => { text += chunk; });
          res.on('end', () => resolve(Number(text)));
        });
        sent.on('error', reject);
        sent.end('[]');
      });
      // A 50 ms timer, read in milliseconds (not seconds or nanoseconds).
      if (!(waited >= 45 && waited < 5000)) throw new Error('platform.now() measured ' + waited);
      await server.close();`);
    const perfHooks = (list: string[]) => list.filter((name) => name === 'NativeModule perf_hooks');
    expect(perfHooks(loaded)).toEqual(perfHooks(loadedByHttp));
  });
});

describe('cold start: node:zlib', () => {
  const csv = `name,age\r\n${'John Doe,45\r\n'.repeat(200)}`;

  /**
   * Serves a CSV answer large enough to compress (over 1 KiB) in a fresh process, after `prelude`,
   * and asks for it twice over node:http: without Accept-Encoding, then with gzip. Returns what the
   * client saw (the bodies in base64) and whether node:zlib was loaded before and after the first.
   */
  function twoRequests(prelude: string) {
    const script = `
      import { request } from 'node:http';
      import { serve } from ${JSON.stringify(DIST)};
      ${prelude}
      const csv = ${JSON.stringify(csv)};
      const server = await serve(() => new Response(csv, { headers: { 'content-type': 'text/csv' } }), { port: 0, hostname: '127.0.0.1' });
      const post = (headers) => new Promise((resolve, reject) => {
        const sent = request(server.url + '/', { method: 'POST', headers }, (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'] ?? null, body: Buffer.concat(chunks).toString('base64') }));
        });
        sent.on('error', reject);
        sent.end('[]');
      });
      const zlibLoaded = () => process.moduleLoadList.includes('NativeModule zlib');
      const before = zlibLoaded();
      const plain = await post({});
      const afterPlain = zlibLoaded();
      const gzipped = await post({ 'accept-encoding': 'gzip' });
      await server.close();
      console.log(JSON.stringify({ before, afterPlain, afterGzip: zlibLoaded(), plain, gzipped }));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const seen = JSON.parse(out.trim().split('\n').pop()!);
    return {
      loaded: [seen.before, seen.afterPlain, seen.afterGzip],
      plain: [seen.plain.encoding, Buffer.from(seen.plain.body, 'base64').toString()],
      gzipped: [seen.gzipped.encoding, gunzipSync(Buffer.from(seen.gzipped.body, 'base64')).toString()],
    };
  }

  const httpLoadsZlib = loadedByHttp.includes('NativeModule zlib');

  it('is loaded by the first compressed answer, not by an answer sent as it is', () => {
    expect(twoRequests('')).toEqual({
      loaded: [httpLoadsZlib, httpLoadsZlib, true],
      plain: [null, csv],
      gzipped: ['gzip', csv],
    });
  });

  it('is loaded through require where Node has no process.getBuiltinModule (before 20.16 and 22.3)', () => {
    const seen = twoRequests(`
      delete process.getBuiltinModule;
      if (process.getBuiltinModule !== undefined) throw new Error('getBuiltinModule is still there');`);
    expect(seen).toEqual({
      loaded: [httpLoadsZlib, httpLoadsZlib, true],
      plain: [null, csv],
      gzipped: ['gzip', csv],
    });
  });

  it('loads no undici (beyond what node:http loads itself) for a compressed answer either: a whole answer is gzipped in one zlib call', () => {
    const loaded = loadedAfter(`
      import { request } from 'node:http';
      import { gunzipSync } from 'node:zlib';
      const csv = 'Name,Title\\r\\n' + 'Ada Lovelace,Engineer\\r\\n'.repeat(200);
      const server = await serve(() => new Response(new TextEncoder().encode(csv), { headers: { 'content-type': 'text/csv' } }), { port: 0, hostname: '127.0.0.1', onError: () => {} });
      const answer = await new Promise((resolve, reject) => {
        const sent = request(server.url + '/api', { method: 'POST', headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => resolve([res.headers['content-encoding'], gunzipSync(Buffer.concat(chunks)).toString() === csv]));
        });
        sent.on('error', reject);
        sent.end('[]');
      });
      if (JSON.stringify(answer) !== JSON.stringify(['gzip', true])) throw new Error(JSON.stringify(answer));
      await server.close();`);
    expect(undiciModules(loaded)).toEqual(undiciModules(loadedByHttp));
  });
});
