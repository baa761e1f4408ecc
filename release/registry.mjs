// The local npm registry the rehearsal publishes to: Verdaccio, pinned in release/verdaccio (its
// own npm package with a committed lockfile, installed on first use so that a contributor's
// `pnpm install` never pays for it), run on a free loopback port with everything it keeps, its
// config, storage and users, in the rehearsal's temp folder.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../scripts/freePort.mjs';
import { cleanEnv, run, startService } from './services.mjs';

const verdaccioDir = fileURLToPath(new URL('./verdaccio/', import.meta.url));
const verdaccioBin = join(verdaccioDir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');

/** Installs the pinned Verdaccio from its lockfile, unless that exact install is in place. */
export async function ensureVerdaccio() {
  const wanted = JSON.parse(await readFile(join(verdaccioDir, 'package.json'), 'utf8')).dependencies
    .verdaccio;
  const installed = join(verdaccioDir, 'node_modules', 'verdaccio', 'package.json');
  if (existsSync(installed) && JSON.parse(await readFile(installed, 'utf8')).version === wanted) return false;
  // release/verdaccio/.npmrc turns install scripts off: nothing there needs one.
  await run('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: verdaccioDir,
    env: cleanEnv(),
  });
  return true;
}

/**
 * Starts Verdaccio in `dir`. @csvfn/* is served only from what is published here (never
 * proxied), so an install can only get the rehearsed packages; publishing needs a user, which
 * is created here and whose token comes back with the URL.
 */
export async function startRegistry(dir) {
  await mkdir(dir, { recursive: true });
  const config = join(dir, 'config.yaml');
  await writeFile(
    config,
    `# Written by release/registry.mjs for one rehearsal; removed with its temp folder.
storage: ./storage
auth:
  htpasswd:
    file: ./htpasswd
    max_users: 1
packages:
  '@csvfn/*':
    access: $all
    publish: $authenticated
    unpublish: $authenticated
web:
  enable: false
max_body_size: 50mb
log: { type: stdout, format: json, level: warn }
`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const service = await startService(
    'verdaccio',
    process.execPath,
    [verdaccioBin, '--config', config, '--listen', `127.0.0.1:${port}`],
    { cwd: dir, env: cleanEnv({}, { credentials: false }) },
  );
  await waitForPing(url);
  const token = await addUser(url);
  const version = JSON.parse(
    await readFile(join(verdaccioDir, 'node_modules', 'verdaccio', 'package.json'), 'utf8'),
  ).version;
  return { url, token, version, stop: service.stop, output: service.output };
}

async function waitForPing(url) {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const response = await fetch(new URL('-/ping', url));
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Verdaccio at ${url} never answered /-/ping`);
}

/** What `npm adduser` does: PUT the user, get a token back. */
async function addUser(url) {
  const name = 'rehearsal';
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password: `rehearsal-${process.pid}-${Date.now()}` }),
  });
  const body = await response.json().catch(() => ({}));
  if (response.status !== 201 || typeof body.token !== 'string')
    throw new Error(`Verdaccio refused the rehearsal user: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}
