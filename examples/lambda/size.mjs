// `pnpm size`: the deployed bundle's size, read from the build (dist/index.mjs), never written by hand.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const bundle = readFileSync(new URL('./dist/index.mjs', import.meta.url));
const kib = (bytes) => `${(bytes / 1024).toFixed(2)} KiB`;
console.log(
  `dist/index.mjs: ${kib(bundle.byteLength)} minified, ${kib(gzipSync(bundle, { level: 9 }).byteLength)} gzipped`,
);
