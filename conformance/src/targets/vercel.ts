import { fileURLToPath } from 'node:url';
import { startDevServer } from '@csvfn/harness/vercel';
import type { Target } from '../target.js';
import { sendOverHttp } from '../wire.js';

/** The conformance app wrapped by each of @csvfn/adapter-vercel's styles, one file a function. */
const functions = fileURLToPath(new URL('../vercelFunctions', import.meta.url));

/**
 * The conformance app as a Vercel Function, served by @vercel/node's own dev server. Bodies go
 * with Content-Length even in the chunked cases: the dev server's front proxy refuses chunked
 * uploads, and on Vercel the edge buffers every body before the function runs.
 */
function vercelTarget(name: string, entrypoint: string, helpers: boolean): Target {
  return {
    name,
    async start() {
      const server = await startDevServer({ cwd: functions, entrypoint, helpers });
      return {
        send: (wire) => sendOverHttp(server.url, wire, { allowChunked: false }),
        close: () => server.close(),
      };
    },
  };
}

/** Vercel's Node.js runtime with `handle()`, helpers on and off, and the Web-style exports. */
export const vercelTargets: Target[] = [
  vercelTarget('vercel-node-helpers-on', 'handle.ts', true),
  vercelTarget('vercel-node-helpers-off', 'handle.ts', false),
  vercelTarget('vercel-web', 'handleWeb.ts', true),
];
