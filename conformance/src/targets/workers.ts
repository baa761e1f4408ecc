import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkerSource, startWorker } from '@csvfn/harness/workerd';
import type { Target } from '../target.js';
import { sendOverHttp } from '../wire.js';

const app = fileURLToPath(new URL('../app.ts', import.meta.url));

/**
 * Cloudflare Workers: the conformance app wrapped by `@csvfn/adapter-workers`' `handle()`,
 * bundled as `wrangler deploy` bundles examples/workers (esbuild, `workerd` conditions, minified,
 * no kept names, no Node built-ins) and served by workerd through Miniflare on a loopback port,
 * reached over real HTTP.
 */
export const workersTarget: Target = {
  name: 'workers',
  async start() {
    const source = [
      `import app from ${JSON.stringify(app)};`,
      "import { handle } from '@csvfn/adapter-workers';",
      'export default handle(app);',
    ].join('\n');
    const script = await bundleWorkerSource(source, dirname(app), { minify: true });
    const { mf, url } = await startWorker(script);
    return {
      send: (request) => sendOverHttp(url.origin, request),
      close: () => mf.dispose(),
    };
  },
};
