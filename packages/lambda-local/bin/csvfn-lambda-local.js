#!/usr/bin/env node
// The `csvfn-lambda-local` command. A committed file, not dist/cli.js itself, so that a workspace
// install links the command before anything is built; it asks for a build instead.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (existsSync(cli)) {
  await import(cli.href);
} else {
  process.stderr.write('csvfn-lambda-local: not built yet: run pnpm build\n');
  process.exitCode = 2;
}
