import { defineConfig, type Options } from 'tsup';

// scripts/buildForStart.mjs sets this: a `start` needs the JavaScript only, quietly, and keeps
// whatever declarations an earlier `pnpm build` wrote.
const forStart = process.env.CSVFN_BUILD_FOR_START === '1';

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
    ...(forStart ? { dts: false, clean: false, silent: true } : {}),
  });
}
