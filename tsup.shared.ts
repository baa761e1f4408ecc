import { defineConfig, type Options } from 'tsup';

/** One build shape for every publishable package: ESM + CJS + .d.ts, no bundled dependencies. */
export function packageBuild(entry: Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    target: 'es2022',
    treeshake: true,
    sourcemap: false,
    splitting: false,
    ...overrides,
  });
}
