// The runtimes of the homes that are not Node (Deno, Bun, Netlify's dev server) live here, outside
// the pnpm workspace, so that `pnpm install` stays light for someone who only wants csvfn. They are
// installed on first use from package-lock.json (`npm ci`, exact versions and hashes) and again only
// when that file changes: `pnpm test` calls this from vitest's global setup, and the examples'
// `start` scripts through run.mjs.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const stamp = join(root, 'node_modules', '.csvfn-lock-hash');
const lock = join(root, '.install-lock');

/** Where each runtime is, and the environment Deno wants (its cache inside the repository). */
export const runtimes = {
  root,
  deno: join(root, 'node_modules', '.bin', 'deno'),
  bun: join(root, 'node_modules', '.bin', 'bun'),
  netlifyDev: join(root, 'node_modules', '@netlify', 'dev', 'dist', 'main.js'),
  env: { DENO_DIR: join(root, '.deno'), DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1' },
};

const lockHash = () =>
  createHash('sha256')
    .update(readFileSync(join(root, 'package-lock.json')))
    .digest('hex');
const installed = () => existsSync(stamp) && readFileSync(stamp, 'utf8') === lockHash();

/** Installs the runtimes unless the lockfile's hash says they are already in place. */
export function ensureRuntimes() {
  if (installed()) return runtimes;
  if (!takeLock()) {
    // Another process is installing: wait for it (npm ci takes about a minute).
    const deadline = Date.now() + 10 * 60_000;
    while (existsSync(lock) && Date.now() < deadline)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    if (installed()) return runtimes;
    throw new Error('csvfn: another process failed to install runtimes/ (see its output)');
  }
  try {
    console.error('csvfn: installing Deno, Bun and Netlify Dev into runtimes/ (once per lockfile change)');
    const npm = (args) => execFileSync('npm', args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    // Scripts off for all, then the two that put the Deno and Bun binaries in place: the same
    // result under npm 10 (scripts on by default) and npm 11 (allowScripts).
    npm(['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']);
    for (const script of ['deno/install.cjs', 'bun/install.js']) {
      execFileSync(process.execPath, [join(root, 'node_modules', script)], {
        cwd: dirname(join(root, 'node_modules', script)),
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
    writeFileSync(stamp, lockHash());
    return runtimes;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function takeLock() {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    // A lock left by a process that died long ago does not block forever.
    if (Date.now() - statSync(lock).mtimeMs > 15 * 60_000) {
      rmSync(lock, { recursive: true, force: true });
      return takeLock();
    }
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureRuntimes();
