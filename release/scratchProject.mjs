// The scratch project a new user would make: a package.json, an .npmrc that sends @csvfn to the
// rehearsal's registry (everything else comes from the usual one), plain `npm install`, and one
// small app per home, each written as the package READMEs show, with the employee schema named
// explicitly. Each app then answers the seed request of the HTTP contract in its own runtime.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run, startService } from './services.mjs';

/** The seed request's rows and the CSV the contract answers for them. */
export const SEED_ROWS = [
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
];
export const SEED_CSV =
  'Name,Age,Job Title,Badge Number\r\nJohn Doe,45,Software Developer,58195\r\nJane Doe,32,Software Developer,58191\r\n';

/** The workerd compatibility date the pinned wrangler/miniflare know (as examples/workers). */
const COMPATIBILITY_DATE = '2026-04-26';

/** The version the repository pins for a dev tool, wherever a workspace package declares it. */
function pinnedVersion(repo, name) {
  for (const group of ['packages', 'examples', '.']) {
    const base = join(repo, group);
    const dirs = group === '.' ? ['.'] : readdirSync(base).map((entry) => join(group, entry));
    for (const dir of dirs) {
      const path = join(repo, dir, 'package.json');
      if (!existsSync(path)) continue;
      const manifest = JSON.parse(readFileSync(path, 'utf8'));
      const version = manifest.devDependencies?.[name] ?? manifest.dependencies?.[name];
      if (version && /^\d/.test(version)) return version;
    }
  }
  throw new Error(`no workspace package pins ${name}`);
}

const files = {
  'seed.json': `${JSON.stringify(SEED_ROWS, null, 2)}\n`,
  // For `csvfn convert --schema`: a module whose default export is the zod schema.
  'employeeSchema.mjs': `export { employeeSchema as default } from '@csvfn/core/employee';\n`,
  'nodeApp.mjs': `import { serve } from '@csvfn/adapter-node';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

const server = await serve(createCsvHandler({ schema: employeeSchema }), { port: 0, hostname: '127.0.0.1' });
console.log(\`listening on \${server.url}\`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
`,
  'lambdaApp.mjs': `import { handle } from '@csvfn/adapter-lambda';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

export const handler = handle(createCsvHandler({ schema: employeeSchema }));
`,
  // Calls the handler as the Lambda runtime does: the event API Gateway sends, and a context.
  'invokeLambda.mjs': `import { readFile } from 'node:fs/promises';
import { handler } from './lambdaApp.mjs';

const event = JSON.parse(await readFile(process.argv[2], 'utf8'));
const context = {
  awsRequestId: event.requestContext.requestId,
  functionName: 'csvfn-rehearsal',
  getRemainingTimeInMillis: () => 10_000,
};
console.log(JSON.stringify(await handler(event, context)));
`,
  'worker/wrangler.jsonc': `{
  "name": "csvfn-rehearsal",
  "main": "src/index.js",
  "compatibility_date": "${COMPATIBILITY_DATE}",
  "minify": true
}
`,
  'worker/src/index.js': `import { handle } from '@csvfn/adapter-workers';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

export default handle(createCsvHandler({ schema: employeeSchema }));
`,
  // Serves wrangler's deploy bundle in workerd, as DESIGN.md describes (wrangler dev's own proxy
  // is not what the edge runs).
  'serveWorker.mjs': `import { Miniflare } from 'miniflare';

const mf = new Miniflare({
  scriptPath: 'worker/dist/index.js',
  modules: true,
  modulesRoot: 'worker/dist',
  compatibilityDate: '${COMPATIBILITY_DATE}',
  host: '127.0.0.1',
  port: 0,
});
console.log(\`listening on \${await mf.ready}\`);
process.on('SIGTERM', () => mf.dispose().then(() => process.exit(0)));
`,
  'vercel/api/index.js': `import { handle } from '@csvfn/adapter-vercel';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

export default handle(createCsvHandler({ schema: employeeSchema }));
`,
};

/**
 * API Gateway HTTP API (payload format 2.0): AWS's own sample event (the repository keeps the
 * unmodified samples beside the adapter's tests), turned into the seed's POST as the samples'
 * README says: method, path, headers and body replaced, the rest as AWS sends it.
 */
function apiGatewayEvent(repo) {
  const [sample] = execFileSync('git', ['ls-files', '*aws-events/apigw-v2-request-no-authorizer.json'], {
    cwd: repo,
  })
    .toString()
    .split('\n')
    .filter(Boolean);
  if (!sample)
    throw new Error('the AWS sample event apigw-v2-request-no-authorizer.json is not in the repository');
  const event = JSON.parse(readFileSync(join(repo, sample), 'utf8'));
  const body = JSON.stringify(SEED_ROWS);
  event.routeKey = 'POST /api';
  event.rawPath = '/api';
  event.headers = {
    ...event.headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  };
  event.requestContext = {
    ...event.requestContext,
    routeKey: 'POST /api',
    http: { ...event.requestContext.http, method: 'POST', path: '/api' },
  };
  event.body = body;
  event.isBase64Encoded = false;
  return event;
}

const TOOLS = ['wrangler', 'miniflare', '@vercel/node'];

/**
 * Writes the scratch project with the dev tools the apps run under, at the versions the
 * repository pins, and returns them; csvfn's own packages come in later (addCsvfnPackages).
 */
export async function writeScratchProject(dir, { repo }) {
  await mkdir(join(dir, 'worker', 'src'), { recursive: true });
  await mkdir(join(dir, 'vercel', 'api'), { recursive: true });
  const devDependencies = Object.fromEntries(TOOLS.map((name) => [name, pinnedVersion(repo, name)]));
  await writeManifest(dir, { name: 'csvfn-scratch', private: true, type: 'module', devDependencies });
  for (const [path, text] of Object.entries(files)) await writeFile(join(dir, path), text);
  await writeFile(join(dir, 'apiGatewayEvent.json'), `${JSON.stringify(apiGatewayEvent(repo), null, 2)}\n`);
  return Object.entries(devDependencies).map(([name, version]) => `${name}@${version}`);
}

/** Adds the rehearsed packages, exactly at their new versions, and sends @csvfn to the registry. */
export async function addCsvfnPackages(dir, { registryUrl, packages }) {
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  manifest.dependencies = Object.fromEntries(packages.map(({ name, version }) => [name, version]));
  await writeManifest(dir, manifest);
  await writeFile(join(dir, '.npmrc'), `@csvfn:registry=${registryUrl}\n`);
}

function writeManifest(dir, manifest) {
  return writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Plain `npm install`, as a user runs it. */
export async function npmInstall(dir, env) {
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir,
    env,
    timeout: 240_000,
  });
}

/**
 * What npm installed for each package: the rehearsed version, from the rehearsal's registry, with
 * LICENSE, README.md and CHANGELOG.md, and no `workspace:` range left. Returns the problems.
 */
export async function inspectInstalled(dir, registryUrl, packages) {
  const lock = JSON.parse(await readFile(join(dir, 'package-lock.json'), 'utf8'));
  const problems = [];
  for (const { name, version } of packages) {
    const installedDir = join(dir, 'node_modules', name);
    const manifest = JSON.parse(await readFile(join(installedDir, 'package.json'), 'utf8'));
    if (manifest.version !== version) problems.push(`${name}: installed ${manifest.version}, not ${version}`);
    const resolved = lock.packages[`node_modules/${name}`]?.resolved ?? '';
    if (resolved && !resolved.startsWith(registryUrl))
      problems.push(`${name}: resolved from ${resolved}, not the rehearsal's registry`);
    for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md'])
      if (!existsSync(join(installedDir, file))) problems.push(`${name}: the tarball has no ${file}`);
    const ranges = {
      ...manifest.dependencies,
      ...manifest.peerDependencies,
      ...manifest.optionalDependencies,
    };
    for (const [dependency, range] of Object.entries(ranges))
      if (String(range).startsWith('workspace:')) problems.push(`${name}: ${dependency}@${range} left in`);
  }
  return problems;
}

/** POSTs the seed and reads the answer. */
async function postSeed(url) {
  const response = await fetch(new URL('/api', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(SEED_ROWS),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: await response.text(),
  };
}

/** The contract's answer to the seed: 200, CSV, the seed's bytes. Throws with what came instead. */
function expectSeedAnswer(what, answer) {
  if (answer.status === 200 && /^text\/csv/.test(answer.contentType ?? '') && answer.body === SEED_CSV)
    return;
  throw new Error(`${what} answered ${JSON.stringify(answer)}, not the seed's CSV`);
}

/** Starts a service, POSTs the seed to it, and stops it whatever happened. */
async function withService(what, start, check) {
  const service = await start();
  try {
    await check(service);
  } catch (error) {
    error.message += `\n--- ${what} printed\n${service.output().slice(-4000)}`;
    throw error;
  } finally {
    await service.stop();
  }
}

/** One check per home; each resolves with a line for the report or throws. */
export function appChecks(dir, env) {
  const listening = /listening on (http:\/\/\S+)/;
  return {
    async node() {
      await withService(
        'node',
        () =>
          startService('node app', process.execPath, ['nodeApp.mjs'], { cwd: dir, env, ready: listening }),
        async ({ value }) => expectSeedAnswer('serve()', await postSeed(value)),
      );
      return 'serve() on Node answers the seed over HTTP';
    },
    async lambda() {
      const { stdout } = await run(process.execPath, ['invokeLambda.mjs', 'apiGatewayEvent.json'], {
        cwd: dir,
        env,
        timeout: 30_000,
      });
      const result = JSON.parse(stdout.trim().split('\n').at(-1));
      const headers = Object.fromEntries(
        Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      );
      expectSeedAnswer('the Lambda handler', {
        status: result.statusCode,
        contentType: headers['content-type'],
        body: result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString() : result.body,
      });
      return "handle() answers AWS's sample API Gateway HTTP API (2.0) event, carrying the seed";
    },
    async workers() {
      const wrangler = join(dir, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
      const { stdout } = await run(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', 'dist'], {
        cwd: join(dir, 'worker'),
        env: { ...env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', CI: '1' },
        timeout: 120_000,
      });
      const size = /Total Upload: ([\d.]+ KiB) \/ gzip: ([\d.]+ KiB)/.exec(stdout);
      await withService(
        'workerd',
        () =>
          startService('workerd', process.execPath, ['serveWorker.mjs'], { cwd: dir, env, ready: listening }),
        async ({ value }) => expectSeedAnswer('the Worker', await postSeed(value)),
      );
      return `wrangler's deploy bundle (${size ? `${size[1]}, ${size[2]} gzipped` : 'size not printed'}) answers under workerd`;
    },
    async vercel() {
      const devServer = join(dir, 'node_modules', '@vercel', 'node', 'dist', 'dev-server.mjs');
      await withService(
        'vercel dev server',
        () =>
          startService('vercel dev server', process.execPath, [devServer], {
            cwd: join(dir, 'vercel'),
            env: {
              ...env,
              VERCEL_DEV_ENTRYPOINT: 'api/index.js',
              VERCEL_DEV_CONFIG: '{}',
              VERCEL_DEV_BUILD_ENV: JSON.stringify({ NODEJS_HELPERS: '0' }),
              VERCEL_DEV_PUBLIC_DIR: '',
              VERCEL_DEV_PORT: '0',
            },
            ipc: true,
          }),
        async ({ value }) => expectSeedAnswer("@vercel/node's dev server", await postSeed(value)),
      );
      return "the function answers under @vercel/node's dev server";
    },
    async cli() {
      const { stdout } = await run(
        'npx',
        ['--no', 'csvfn', 'convert', 'seed.json', '--schema', 'employeeSchema.mjs', '--no-progress'],
        { cwd: dir, env, timeout: 30_000 },
      );
      if (stdout !== SEED_CSV) throw new Error(`npx csvfn convert printed ${JSON.stringify(stdout)}`);
      return 'npx csvfn convert prints the seed CSV';
    },
  };
}
