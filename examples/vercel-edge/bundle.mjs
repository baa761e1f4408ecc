// api/index.ts bundled as one script for edge-runtime, as Vercel bundles an Edge Function: esbuild,
// the `edge-light` export condition, everything inlined. edge-runtime runs a script, not a module,
// so a few lines register the function's exports as the fetch listener, for /api only.
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The bundle's text (minified when asked, as a deploy would be). */
export async function bundleEdgeFunction({ minify = false } = {}) {
  const result = await esbuild.build({
    stdin: {
      contents: `import * as route from './api/index.ts';
addEventListener('fetch', (event) => {
  const handler = new URL(event.request.url).pathname === '/api' ? route[event.request.method] : undefined;
  event.respondWith(handler ? handler(event.request) : new Response('Not found', { status: 404 }));
});`,
      resolveDir: here,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    minify,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    conditions: ['edge-light', 'worker', 'browser'],
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}
