// `pnpm build`: src/index.js bundled by esbuild (dist/index.js, the code Fastly runs), then compiled
// with its JavaScript engine into bin/main.wasm by Fastly's js-compute-runtime (@fastly/js-compute
// from runtimes/fastly, about 450 MB, installed on first use; the compile takes about 45 s).
// Prints both sizes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { ensureKit } from '../../runtimes/ensure.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const { jsComputeRuntime } = ensureKit('fastly');
await esbuild.build({
  entryPoints: [`${here}src/index.js`],
  outfile: `${here}dist/index.js`,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  // Fastly's own modules are the runtime's, not bundled.
  external: ['fastly:*'],
  logLevel: 'error',
});
mkdirSync(`${here}bin`, { recursive: true });
execFileSync(process.execPath, [jsComputeRuntime, `${here}dist/index.js`, `${here}bin/main.wasm`], {
  stdio: 'inherit',
});
const js = readFileSync(`${here}dist/index.js`);
const kib = (bytes) => `${(bytes / 1024).toFixed(2)} KiB`;
console.log(
  `dist/index.js ${kib(js.byteLength)} (min+gz ${kib(gzipSync(js, { level: 9 }).byteLength)}); bin/main.wasm ${(statSync(`${here}bin/main.wasm`).size / 1_048_576).toFixed(2)} MiB`,
);
