import { fileURLToPath } from 'node:url';
import { startChildServer } from '../childServer.js';
import { ensureRuntimes } from '../runtimes.js';
import type { Target } from '../target.js';
import { sendOverHttp } from '../wire.js';

const entry = fileURLToPath(new URL('../../hosts/deno.ts', import.meta.url));

/**
 * Deno: the core's handler, unwrapped, under `deno serve` (Deno 2 from npm), which runs the
 * TypeScript sources and resolves `@csvfn/core` from node_modules; reached over loopback TCP.
 */
export const denoTarget: Target = {
  name: 'deno',
  standardGzip: true,
  async start() {
    const { deno, env } = ensureRuntimes();
    const server = await startChildServer(
      deno,
      ['serve', '--allow-env', '--allow-read', '--host', '127.0.0.1', '--port', '0', entry],
      { env, pattern: /Listening on (http:\/\/\S+?)\/?\s/ },
    );
    return { url: server.url, send: (wire) => sendOverHttp(server.url, wire), close: server.close };
  },
};
