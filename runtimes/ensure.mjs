// The runtimes of the homes that are not Node (Deno, Bun, Netlify's dev server) live here, outside
// the pnpm workspace, so that `pnpm install` stays light for someone who only wants csvfn. They are
// installed on first use from package-lock.json (`npm ci`, exact versions and hashes) and again only
// when that file changes: `pnpm test` calls this from vitest's global setup, and the examples'
// `start` scripts through run.mjs.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * Each folder installed on its own, with the install scripts it needs (all others stay off): the
 * main one for every test run, the two heavy edge kits only when something asks for them.
 */
const kits = {
  main: { dir: root, scripts: ['deno/install.cjs', 'bun/install.js'] },
  // Deno 2.5.6 for Netlify Edge (see deno-edge/package.json): a second Deno, never on the main PATH.
  'deno-edge': { dir: join(root, 'deno-edge'), scripts: [] },
  // js-compute-runtime for examples/fastly's build: about 450 MB, so only when that build runs.
  fastly: { dir: join(root, 'fastly'), scripts: [] },
};

/** Where each runtime is, and the environment Deno wants (its cache inside the repository). */
export const runtimes = {
  root,
  deno: join(root, 'node_modules', '.bin', 'deno'),
  bun: join(root, 'node_modules', '.bin', 'bun'),
  netlifyDev: join(root, 'node_modules', '@netlify', 'dev', 'dist', 'main.js'),
  env: { DENO_DIR: join(root, '.deno'), DENO_NO_UPDATE_CHECK: '1', DO_NOT_TRACK: '1' },
  /** The folder holding Deno 2.5.6's binary (named `deno`): first on PATH for Netlify Dev's edge functions. */
  denoEdgeDir: join(kits['deno-edge'].dir, 'node_modules', '@deno', 'linux-x64-glibc'),
  /** Fastly's compiler, `js-compute-runtime app.js out.wasm`. */
  jsComputeRuntime: join(
    kits.fastly.dir,
    'node_modules',
    '@fastly',
    'js-compute',
    'dist',
    'cli',
    'js-compute-runtime-cli.js',
  ),
};

/** Installs the main runtimes unless the lockfile's hash says they are already in place. */
export function ensureRuntimes() {
  return ensureKit('main');
}

/** Installs one kit (`main`, `deno-edge` or `fastly`) unless its lockfile's hash says it is in place. */
export function ensureKit(name) {
  const kit = kits[name];
  if (!kit) throw new Error(`csvfn: unknown runtimes kit ${name} (${Object.keys(kits).join(', ')})`);
  const stamp = join(kit.dir, 'node_modules', '.csvfn-lock-hash');
  const lock = join(kit.dir, '.install-lock');
  const lockHash = () =>
    createHash('sha256')
      .update(readFileSync(join(kit.dir, 'package-lock.json')))
      .digest('hex');
  const installed = () => existsSync(stamp) && readFileSync(stamp, 'utf8') === lockHash();
  if (installed()) return runtimes;
  if (!takeLock(lock)) {
    // Another process is installing: wait for it (npm ci takes about a minute).
    const deadline = Date.now() + 10 * 60_000;
    while (existsSync(lock) && Date.now() < deadline)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    if (installed()) return runtimes;
    // That process failed or gave up (a background prefetch, say): try once more here.
    if (!takeLock(lock)) throw new Error(`csvfn: another process is still installing ${kit.dir}`);
  }
  try {
    console.error(
      `csvfn: installing ${name === 'main' ? 'Deno, Bun and Netlify Dev into runtimes/' : `runtimes/${name}`} (once per lockfile change)`,
    );
    const npm = (args) =>
      execFileSync('npm', args, { cwd: kit.dir, stdio: ['ignore', 'inherit', 'inherit'] });
    // Scripts off for all, then those that put a binary in place: the same result under npm 10
    // (scripts on by default) and npm 11 (allowScripts).
    npm(['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']);
    for (const script of kit.scripts) {
      execFileSync(process.execPath, [join(kit.dir, 'node_modules', script)], {
        cwd: dirname(join(kit.dir, 'node_modules', script)),
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    }
    writeFileSync(stamp, lockHash());
    return runtimes;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function takeLock(lock) {
  try {
    mkdirSync(lock);
    return true;
  } catch {
    // A lock left by a process that died long ago does not block forever.
    if (Date.now() - statSync(lock).mtimeMs > 15 * 60_000) {
      rmSync(lock, { recursive: true, force: true });
      return takeLock(lock);
    }
    return false;
  }
}

/**
 * Starts installing every kit in a detached child and returns at once: `pnpm test` calls this
 * first, so the downloads (network-bound, a minute or more on a fresh clone) overlap the build and
 * the typecheck instead of holding vitest's global setup. Whoever needs a kit later waits on its
 * lock, and installs it itself if the prefetch failed.
 */
function prefetchAll() {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...Object.keys(kits)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.unref();
}

// `node runtimes/ensure.mjs [kit ...]`: installs the main runtimes, or the kits named;
// `--prefetch`: all of them, in the background.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--prefetch') prefetchAll();
  else for (const kit of args.length ? args : ['main']) ensureKit(kit);
}
