import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// One project per workspace folder that has tests; each runs in its own fork pool.
const project = (name: string, dir: string, testTimeout = 20_000, globalSetup: string[] = []) => ({
  test: {
    name,
    root: dir,
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout,
    hookTimeout: 60_000,
    globalSetup,
  },
});

// Deno, Bun and Netlify Dev, installed from runtimes/package-lock.json on first use (see there).
const runtimes = ['../runtimes/globalSetup.ts'];

// Two tiers. `pnpm test:quick` (CSVFN_TEST_TIER=quick) runs the unit projects and the conformance
// cases against the two in-process targets, the core handler and a Node server, with no runtime to
// install; `pnpm test` runs every project below.
const quick = process.env.CSVFN_TEST_TIER === 'quick';
const quickProjects = [
  project('platform', 'packages/platform'),
  project('core', 'packages/core'),
  project('adapter-node', 'packages/adapter-node'),
  project('adapter-lambda', 'packages/adapter-lambda', 60_000),
  project('adapter-gcf', 'packages/adapter-gcf'),
  project('adapter-azure', 'packages/adapter-azure'),
  {
    test: {
      name: 'conformance-quick',
      root: 'conformance',
      include: ['test/conformance.test.ts'],
      env: { CSVFN_TARGETS: 'core,node-http' },
      testTimeout: 60_000,
    },
  },
];

export default defineConfig({
  test: {
    projects: quick
      ? quickProjects
      : [
          project('platform', 'packages/platform'),
          project('core', 'packages/core'),
          project('adapter-node', 'packages/adapter-node'),
          project('adapter-vercel', 'packages/adapter-vercel', 60_000),
          project('adapter-lambda', 'packages/adapter-lambda', 60_000),
          project('lambda-local', 'packages/lambda-local', 60_000),
          project('client', 'packages/client', 60_000),
          project('adapter-workers', 'packages/adapter-workers', 60_000),
          project('adapter-gcf', 'packages/adapter-gcf'),
          project('adapter-azure', 'packages/adapter-azure'),
          project('adapter-netlify', 'packages/adapter-netlify'),
          project('cli', 'packages/cli', 60_000),
          project('conformance', 'conformance', 60_000, runtimes),
          {
            test: {
              name: 'examples',
              root: 'examples',
              include: ['*/test/**/*.test.ts', 'test/**/*.test.ts'],
              globalSetup: runtimes,
              testTimeout: 120_000,
              hookTimeout: 120_000,
            },
          },
          // The repo's own test/ folder (packaging, the ReDoS audit): its files sit at the root of the project.
          {
            test: {
              name: 'packaging',
              root: 'test',
              include: ['**/*.test.ts'],
              testTimeout: 120_000,
              hookTimeout: 240_000,
            },
          },
        ],
    // Most files spend their time waiting on a child (a dev server starting, a runtime answering),
    // so two files at once even on 2 cores: vitest's default there (cores - 1) runs one at a time.
    maxWorkers: Math.max(2, availableParallelism()),
    // The JSON report lets .ci/run print one plain 'N passed, N failed' line at the end.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
