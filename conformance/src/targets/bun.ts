import { fileURLToPath } from 'node:url';
import { startChildServer } from '../childServer.js';
import { ensureRuntimes } from '../runtimes.js';
import type { Target } from '../target.js';
import { sendOverHttp } from '../wire.js';

const entry = fileURLToPath(new URL('../../hosts/bun.ts', import.meta.url));

/** Bun: the core's handler, unwrapped, under `Bun.serve` (Bun from npm), over loopback TCP. */
export const bunTarget: Target = {
  name: 'bun',
  standardGzip: true,
  async start() {
    const { bun, env } = ensureRuntimes();
    const server = await startChildServer(bun, [entry], { env, pattern: /listening on (http:\/\/\S+)/ });
    return { url: server.url, send: (wire) => sendOverHttp(server.url, wire), close: server.close };
  },
};
