import { fileURLToPath } from 'node:url';
import type { Target } from '../../../../conformance/src/target.js';
import { sendOverHttp } from '../../../../conformance/src/wire.js';
import { startDevServer } from './devServer.js';

const fixtures = fileURLToPath(new URL('../fixtures', import.meta.url));

/**
 * The conformance app as a Vercel Function, served by @vercel/node's own dev server. Bodies go
 * with Content-Length even in the chunked cases: the dev server's front proxy refuses chunked
 * uploads, and on Vercel the edge buffers every body before the function runs.
 */
function vercelTarget(name: string, entrypoint: string, helpers: boolean): Target {
  return {
    name,
    async start() {
      const server = await startDevServer({ cwd: fixtures, entrypoint, helpers });
      return {
        send: (wire) => sendOverHttp(server.url, wire, { allowChunked: false }),
        close: () => server.close(),
      };
    },
  };
}

/** Vercel's Node.js runtime with `handle()`, helpers on and off, and the Web-style exports. */
export const vercelTargets: Target[] = [
  vercelTarget('vercel-node-helpers-on', 'conformance-node.ts', true),
  vercelTarget('vercel-node-helpers-off', 'conformance-node.ts', false),
  vercelTarget('vercel-web', 'conformance-web.ts', true),
];
