import { defineConfig } from 'vitest/config';

// One project per workspace folder that has tests; each runs in its own fork pool.
const project = (name: string, dir: string, testTimeout = 20_000) => ({
  test: { name, root: dir, include: ['test/**/*.test.ts', 'src/**/*.test.ts'], testTimeout, hookTimeout: 60_000 },
});

export default defineConfig({
  test: {
    projects: [
      project('core', 'packages/core'),
      project('adapter-node', 'packages/adapter-node'),
      project('adapter-vercel', 'packages/adapter-vercel', 60_000),
      project('adapter-lambda', 'packages/adapter-lambda', 60_000),
      project('adapter-workers', 'packages/adapter-workers', 60_000),
      project('cli', 'packages/cli', 60_000),
      project('conformance', 'conformance', 60_000),
      project('examples', 'examples', 120_000),
      project('packaging', 'test', 300_000),
    ],
    reporters: ['default'],
  },
});
