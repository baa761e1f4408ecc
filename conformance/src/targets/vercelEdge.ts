import { fileURLToPath } from 'node:url';
import { EdgeRuntime, runServer } from 'edge-runtime';
import { build } from 'esbuild';
import type { Target } from '../target.js';
import { sendOverHttp } from '../wire.js';

const app = fileURLToPath(new URL('../app.ts', import.meta.url));

/**
 * Vercel's Edge runtime: the conformance app through `@csvfn/adapter-vercel/web`'s per-method
 * exports, bundled as Vercel bundles an Edge Function (esbuild, the `edge-light` condition) and run
 * in `edge-runtime` 4.0.1, Vercel's open-source Edge runtime, over loopback HTTP. It has no
 * DecompressionStream: gzip bodies go through the adapter's fflate stand-in, which answers every
 * gzip case of the suite as Node's does (the adapter checks the trailer fflate skips); bytes after
 * a member are refused (see `standardGzip`).
 */
export const vercelEdgeTarget: Target = {
  name: 'vercel-edge',
  // fflate inflates a second gzip member as Node does, but refuses trailing bytes (zeros too) as
  // the standard stream does: after a member, either answer (400 invalid-gzip, or Node's) is right.
  standardGzip: true,
  async start() {
    const { outputFiles } = await build({
      stdin: {
        contents: [
          `import app from ${JSON.stringify(app)};`,
          "import { handleWeb } from '@csvfn/adapter-vercel/web';",
          'const route = handleWeb(app);',
          // Vercel calls the export named for the method; a method with none is Vercel's own bare 405.
          "addEventListener('fetch', (event) => { const handler = route[event.request.method]; event.respondWith(handler ? handler(event.request) : new Response(null, { status: 405 })); });",
        ].join('\n'),
        resolveDir: fileURLToPath(new URL('..', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      write: false,
      minify: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      conditions: ['edge-light', 'worker', 'browser'],
      logLevel: 'silent',
    });
    const runtime = new EdgeRuntime({ initialCode: outputFiles[0]!.text });
    const server = await runServer({ runtime, host: '127.0.0.1', port: 0 });
    const url = new URL(server.url).origin;
    return { url, send: (wire) => sendOverHttp(url, wire), close: () => server.close() };
  },
};
