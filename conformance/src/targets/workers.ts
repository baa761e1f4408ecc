import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
// The Workers tooling (esbuild, miniflare) is @csvfn/adapter-workers' devDependency; its test
// support bundles and serves a Worker the way that package's own tests do.
import {
  adapterWorkersEntry,
  bundleWorkerSource,
  startWorker,
} from '../../../packages/adapter-workers/test/support/workerd.js';
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
      `import { handle } from ${JSON.stringify(adapterWorkersEntry)};`,
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
