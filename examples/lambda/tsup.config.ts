import { defineConfig } from 'tsup';

/**
 * One self-contained ES module for Lambda's Node.js 24 runtime on arm64 (Graviton): every
 * dependency bundled and minified, nothing to install on the function, no SDK (the handler never
 * imports it). `dist/index.mjs` is what `template.yaml` deploys (`Handler: index.handler`).
 */
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  outExtension: () => ({ js: '.mjs' }),
  platform: 'node',
  target: 'node24',
  noExternal: [/.*/],
  minify: true,
  treeshake: true,
  sourcemap: false,
  dts: false,
  clean: true,
  splitting: false,
});
