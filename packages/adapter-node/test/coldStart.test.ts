import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

describe('cold start: what an HTTP/1 server loads', () => {
  it('loads neither node:http2 nor TLS to import and listen', () => {
    const loaded = loadedAfter(`
      const server = await serve(() => new Response('ok'), { port: 0, hostname: '127.0.0.1' });
      await server.close();`);
    expect(loaded).toContain('NativeModule http');
    expect(http2Modules(loaded)).toEqual([]);
  });

  it('loads them once an HTTP/2 server is asked for', () => {
    const loaded = loadedAfter(`
      const server = await serve(() => new Response('ok'), { port: 0, hostname: '127.0.0.1', http2: true });
      await server.close();`);
    expect(http2Modules(loaded)).toEqual(['NativeModule tls', 'NativeModule http2']);
  });
});

describe('cold start: the first request', () => {
  it('loads no undici for an answer made of bytes and plain headers, as the core builds its answers', () => {
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
    expect(loaded.filter((name) => name.includes('undici'))).toEqual([]);
  });

  it('loads no undici for a compressed answer either: a whole answer is gzipped in one zlib call', () => {
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
    expect(loaded.filter((name) => name.includes('undici'))).toEqual([]);
  });
});
