import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkerSource, startWorker } from '@csvfn/harness/workerd';
import { startWranglerDev } from '@csvfn/harness/wrangler';
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
  standardGzip: true,
  async start() {
    const source = [
      `import app from ${JSON.stringify(app)};`,
      "import { handle } from '@csvfn/adapter-workers';",
      'export default handle(app);',
    ].join('\n');
    const script = await bundleWorkerSource(source, dirname(app), { minify: true });
    const { mf, url } = await startWorker(script);
    return {
      url: url.origin,
      send: (request) => sendOverHttp(url.origin, request),
      close: () => mf.dispose(),
    };
  },
};

/**
 * Cloudflare Workers under its own dev tool: the conformance app bundled and served by
 * `wrangler dev` (its proxy in front of workerd), reached over real HTTP. It shows what only the
 * dev tool does, such as draining a request body the handler never read.
 */
/** The start of the body of `wrangler dev`'s own 503, which never comes from the Worker. */
const WRANGLER_RESTARTED = 'Your worker restarted mid-request.';

export const wranglerDevTarget: Target = {
  name: 'workers-wrangler-dev',
  standardGzip: true,
  async start() {
    const dev = await startWranglerDev(fileURLToPath(new URL('../workers/entry.ts', import.meta.url)));
    return {
      url: dev.url,
      send: async (request) => {
        const answer = await sendOverHttp(dev.url, request);
        // wrangler's proxy (not the Worker) now and then answers the request after one whose body
        // the Worker left unread with this 503; the Worker itself answers the same request again.
        if (answer.status === 503 && new TextDecoder().decode(answer.body).startsWith(WRANGLER_RESTARTED))
          return sendOverHttp(dev.url, request);
        return answer;
      },
      close: () => dev.close(),
    };
  },
};
