// The API reference (`pnpm docs:api`, scripts/apiReference.mjs) builds from the TSDoc comments
// with no TypeDoc warning: every export and interface member documented, every {@link} resolved.
// `pnpm test` has built the packages first; TypeDoc reads their sources, and their siblings' types.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { publicPackages } from '../scripts/workspacePackages.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** Where release.yml publishes docs/api (GitHub Pages of the repository). */
const PUBLISHED = 'https://csvfn.github.io/csvfn/';

it('pnpm docs:api documents every published package, with no warning', async () => {
  const run = promisify(execFile)(process.execPath, [join(repoRoot, 'scripts', 'apiReference.mjs')], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  const { stdout } = await run.catch((error) => {
    throw new Error(`docs:api failed:\n${error.stdout}\n${error.stderr}`);
  });
  expect(stdout).toMatch(/no warnings/);
  for (const { dir, manifest } of publicPackages(repoRoot)) {
    const page = `modules/${manifest.name.replace(/[@/]/g, '_')}.html`;
    expect(existsSync(join(repoRoot, 'docs', 'api', page)), `${manifest.name} has no page in docs/api`).toBe(
      true,
    );
    // Its README links to that page where release.yml publishes the reference.
    expect(readFileSync(join(dir, 'README.md'), 'utf8'), `${manifest.name}'s README`).toContain(
      `${PUBLISHED}${page}`,
    );
  }
}, 300_000);
