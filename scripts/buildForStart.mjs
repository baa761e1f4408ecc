// What a `start` script runs before it serves: the workspace packages the started one depends on,
// built only if their sources are newer than their build, and without declarations (serving never
// reads a .d.ts; `pnpm build` makes them). On a built tree this is a few stat calls, not a minute
// of tsup (issue 21: `pnpm start` rebuilt 8 packages with declarations, 63 s, 135 lines).
//
//   node scripts/buildForStart.mjs <package name>…   e.g. @csvfn/cli, @csvfn/example-node
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every workspace package by name (pnpm-workspace.yaml's folders): its folder and manifest. */
function workspace() {
  const dirs = ['conformance', 'harness', 'bench'].map((dir) => join(root, dir));
  for (const group of ['packages', 'examples']) {
    for (const entry of readdirSync(join(root, group), { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(join(root, group, entry.name));
    }
  }
  const byName = new Map();
  for (const dir of dirs.filter((dir) => existsSync(join(dir, 'package.json')))) {
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    byName.set(manifest.name, { dir, manifest });
  }
  return byName;
}

/**
 * The workspace packages `name` needs at run time, dependencies before dependants, itself last.
 * The started package's devDependencies count too: an example's local runner lives there.
 */
function runtimeClosure(byName, name, order = [], seen = new Set()) {
  if (seen.has(name)) return order;
  const isStarted = seen.size === 0;
  seen.add(name);
  const pkg = byName.get(name);
  if (!pkg) throw new Error(`buildForStart: no workspace package is called ${name}`);
  const { dependencies = {}, peerDependencies = {}, devDependencies = {} } = pkg.manifest;
  const needed = { ...dependencies, ...peerDependencies, ...(isStarted ? devDependencies : {}) };
  for (const dep of Object.keys(needed)) {
    if (byName.has(dep)) runtimeClosure(byName, dep, order, seen);
  }
  order.push(pkg);
  return order;
}

/** The newest modification time under `path` (a file or a folder), 0 if it does not exist. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

/** The oldest build output (a `.js`/`.cjs`/`.mjs` in dist/), 0 when there is none. */
function oldestOutput(dir) {
  const dist = join(dir, 'dist');
  if (!existsSync(dist)) return 0;
  const outputs = readdirSync(dist).filter((file) => /\.[cm]?js$/.test(file));
  if (outputs.length === 0) return 0;
  return Math.min(...outputs.map((file) => statSync(join(dist, file)).mtimeMs));
}

const started = process.argv.slice(2);
if (started.length === 0) {
  console.error('usage: node scripts/buildForStart.mjs <package name>…');
  process.exit(2);
}
const tsup = join(
  dirname(createRequire(import.meta.url).resolve('tsup/package.json')),
  'dist',
  'cli-default.js',
);
const shared = newest(join(root, 'tsup.shared.ts'));
// The started package itself is run from its sources (an example), unless it is built (the CLI).
const byName = workspace();
const needed = [...new Set(started.flatMap((name) => runtimeClosure(byName, name)))];
const stale = needed.filter(
  ({ dir, manifest }) =>
    manifest.scripts?.build === 'tsup' &&
    Math.max(
      shared,
      newest(join(dir, 'src')),
      newest(join(dir, 'package.json')),
      newest(join(dir, 'tsup.config.ts')),
    ) > oldestOutput(dir),
);
for (const { dir, manifest } of stale) {
  const since = performance.now();
  const run = spawnSync(process.execPath, [tsup, '--silent'], {
    cwd: dir,
    env: { ...process.env, CSVFN_BUILD_FOR_START: '1' },
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    console.error(`buildForStart: building ${manifest.name} failed`);
    process.exit(run.status ?? 1);
  }
  console.log(`built ${manifest.name} (${Math.round(performance.now() - since)} ms, no declarations)`);
}
