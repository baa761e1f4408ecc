// `pnpm release:rehearse`: the release workflow (.github/workflows/release.yml), run for real
// against a local registry. In a temp folder: a copy of the working tree is versioned and
// published with the very scripts the workflow calls (`pnpm release:version`, then
// `pnpm release:publish`), a scratch project installs the packages with plain `npm install`, and
// one small app per home answers the seed request in its own runtime. Exit 0 only if all of it
// holds; whatever happens, every process started is stopped and the temp folder removed
// (CSVFN_KEEP_REHEARSAL=1 keeps it for a look).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publicPackages } from '../scripts/workspacePackages.mjs';
import { ensureVerdaccio, startRegistry } from './registry.mjs';
import {
  addCsvfnPackages,
  appChecks,
  inspectInstalled,
  npmInstall,
  writeScratchProject,
} from './scratchProject.mjs';
import { cleanEnv, leftRunning, run, stopAll } from './services.mjs';
import { addRehearsalChangeset, copyWorkingTree, installCopy } from './workspaceCopy.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const began = performance.now();
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** Runs one step and prints one line for it: what it found, and how long it took. */
async function step(name, action) {
  const since = performance.now();
  try {
    const detail = await action();
    console.log(`ok    ${name.padEnd(9)} ${detail} (${seconds(since)})`);
  } catch (error) {
    console.log(`FAIL  ${name.padEnd(9)} (${seconds(since)})`);
    throw error;
  }
}

const temp = await mkdtemp(join(tmpdir(), 'csvfn-rehearsal-'));
const copy = join(temp, 'repo');
const scratch = join(temp, 'scratch');
// Children keep their own temporary files and tool settings (wrangler's, workerd's) in here too.
const childTemp = join(temp, 'tmp');
await mkdir(childTemp);
const contained = {
  TMPDIR: childTemp,
  XDG_CONFIG_HOME: join(temp, 'config'),
  XDG_CACHE_HOME: join(temp, 'cache'),
};

let registry;
let interrupted = false;
const onSignal = (signal) => {
  interrupted = true;
  console.log(`rehearsal: ${signal}, stopping`);
  stopAll();
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

console.log(`rehearsal: in ${temp}`);
const failures = [];
try {
  // Three independent starts side by side: the registry, the copy to release from, and the dev
  // tools the scratch project needs beside csvfn (wrangler, miniflare, @vercel/node).
  let packages = [];
  const started = await Promise.allSettled([
    step('registry', async () => {
      const installed = await ensureVerdaccio();
      registry = await startRegistry(join(temp, 'registry'));
      return `Verdaccio ${registry.version} at ${registry.url}${installed ? ' (installed it first)' : ''}`;
    }),
    step('copy', async () => {
      const count = await copyWorkingTree(repoRoot, copy);
      await installCopy(copy);
      packages = publicPackages(copy).map(({ dir, manifest }) => ({ dir, name: manifest.name }));
      if (packages.length === 0) throw new Error('no public package under packages/');
      return `${count} files of the working tree, pnpm install --frozen-lockfile; ${packages.length} public packages`;
    }),
    step('tools', async () => {
      const tools = await writeScratchProject(scratch, { repo: repoRoot });
      await npmInstall(scratch, cleanEnv(contained));
      return `npm install ${tools.join(' ')} in a scratch project`;
    }),
  ]);
  const failedStart = started.find((outcome) => outcome.status === 'rejected');
  if (failedStart) throw failedStart.reason;

  await step('version', async () => {
    await addRehearsalChangeset(
      copy,
      packages.map((p) => p.name),
    );
    await run('pnpm', ['release:version'], { cwd: copy, env: cleanEnv(contained) });
    for (const pkg of packages) {
      pkg.version = JSON.parse(await readFile(join(pkg.dir, 'package.json'), 'utf8')).version;
      await readFile(join(pkg.dir, 'CHANGELOG.md'), 'utf8').catch(() => {
        throw new Error(`changeset version wrote no CHANGELOG.md for ${pkg.name}`);
      });
    }
    return `pnpm release:version: ${packages.map((p) => `${p.name}@${p.version}`).join(', ')}`;
  });

  await step('publish', async () => {
    // Only the rehearsal's registry and its token are visible: no user config, no token from the
    // environment, so nothing can reach the real registry with real credentials.
    const host = new URL(registry.url).host;
    if (!/^127\.0\.0\.1:\d+$/.test(host)) throw new Error(`refusing to publish to ${registry.url}`);
    const npmrc = join(temp, 'publish.npmrc');
    await writeFile(
      npmrc,
      `registry=${registry.url}\n@csvfn:registry=${registry.url}\n//${host}/:_authToken=${registry.token}\n`,
    );
    const env = cleanEnv(
      {
        ...contained,
        npm_config_userconfig: npmrc,
        npm_config_registry: registry.url,
        'npm_config_@csvfn:registry': registry.url,
        npm_config_update_notifier: 'false',
      },
      { credentials: false },
    );
    await run('pnpm', ['release:publish'], { cwd: copy, env, timeout: 600_000 });
    const missing = [];
    for (const { name, version } of packages) {
      const response = await fetch(new URL(name.replace('/', '%2f'), registry.url));
      const packument = response.ok ? await response.json() : {};
      if (!packument.versions?.[version]) missing.push(`${name}@${version}`);
    }
    if (missing.length) throw new Error(`not on the registry after publishing: ${missing.join(', ')}`);
    return `pnpm release:publish: ${packages.length} packages on the registry`;
  });

  await step('install', async () => {
    await addCsvfnPackages(scratch, { registryUrl: registry.url, packages });
    await npmInstall(scratch, cleanEnv(contained));
    return `npm install ${packages.map((p) => p.name).join(' ')} from the registry`;
  });

  // From here on each check runs whatever the one before found, so one report lists every failure.
  const checks = {
    tarballs: async () => {
      const problems = await inspectInstalled(scratch, registry.url, packages);
      if (problems.length) throw new Error(`what npm installed:\n  ${problems.join('\n  ')}`);
      return 'each package at its new version, with LICENSE, README.md and CHANGELOG.md';
    },
    ...appChecks(scratch, cleanEnv(contained)),
  };
  for (const [name, check] of Object.entries(checks)) {
    await step(name, check).catch((error) => failures.push({ name, error }));
  }
  if (failures.length) {
    for (const { name, error } of failures) console.error(`\n--- ${name}: ${error.message}`);
    throw new Error(`${failures.length} check(s) failed: ${failures.map((f) => f.name).join(', ')}`);
  }
  console.log(`rehearsal passed in ${seconds(began)}`);
} catch (error) {
  process.exitCode = 1;
  console.error(
    `\nrehearsal failed${interrupted ? ' (interrupted)' : ''}: ${failures.length ? error.message : (error.stack ?? error)}`,
  );
  if (registry && !failures.length) console.error(`--- Verdaccio printed\n${registry.output().slice(-3000)}`);
} finally {
  await registry?.stop().catch(() => {});
  stopAll();
  const survivors = leftRunning();
  if (survivors.length) {
    process.exitCode = 1;
    console.error(`rehearsal: process groups still running: ${survivors.join(', ')}`);
  }
  if (process.env.CSVFN_KEEP_REHEARSAL) console.log(`rehearsal: kept ${temp}`);
  else {
    await rm(temp, { recursive: true, force: true, maxRetries: 3 });
    console.log(`rehearsal: nothing left running; ${temp} removed`);
  }
}
