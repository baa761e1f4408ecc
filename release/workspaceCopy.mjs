// A private copy of the repository to release from: the working tree as it is (tracked files and
// new ones git does not ignore, so an uncommitted change is rehearsed too), in its own new git
// repository, so that `changeset version` rewrites only the copy and `changeset publish`'s tags
// land in the copy's history, never in the real checkout's.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cleanEnv, run } from './services.mjs';

/** Copies the working tree of `repoRoot` to `dir` and commits it there as one commit. */
export async function copyWorkingTree(repoRoot, dir) {
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  })
    .toString()
    .split('\0')
    .filter((path) => path !== '' && existsSync(join(repoRoot, path)));
  for (const path of listed) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await cp(join(repoRoot, path), join(dir, path), { verbatimSymlinks: true });
  }
  const git = (...args) =>
    run('git', ['-c', 'user.name=csvfn rehearsal', '-c', 'user.email=rehearsal@localhost', ...args], {
      cwd: dir,
      env: cleanEnv(),
    });
  await git('init', '-q', '-b', 'main');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'release rehearsal: the working tree');
  return listed.length;
}

/** Installs the copy as CI does: from the lockfile, never changing it. */
export async function installCopy(dir) {
  await run('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], { cwd: dir, env: cleanEnv() });
}

/**
 * A changeset that bumps every public package by a patch, as a contributor's changesets would,
 * so that each one gets a new version and a CHANGELOG.md entry even when none is pending.
 */
export async function addRehearsalChangeset(dir, names) {
  const frontMatter = names.map((name) => `'${name}': patch`).join('\n');
  await writeFile(
    join(dir, '.changeset', 'release-rehearsal.md'),
    `---\n${frontMatter}\n---\n\nRelease rehearsal: every public package, published to a local registry.\n`,
  );
}
