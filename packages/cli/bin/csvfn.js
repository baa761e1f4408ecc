#!/usr/bin/env node
// The `csvfn` command. A committed file, not dist/cli.js itself, so that a workspace install links
// the command before anything is built; it asks for a build instead of failing obscurely.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (existsSync(cli)) {
  await import(cli.href);
} else {
  process.stderr.write('csvfn: not built yet: run pnpm build (or pnpm --filter @csvfn/cli... build)\n');
  process.exitCode = 2;
}
