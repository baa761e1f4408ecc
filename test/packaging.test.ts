// What `npm install @csvfn/…` gives people, not what the workspace links: every publishable
// package is packed with `pnpm pack`, the tarballs are installed together with npm into a fresh
// project outside the workspace, and that project uses them as a user would — `import`,
// `require`, every subpath export, and types under `node16` and `bundler` resolution.
// `pnpm test` builds first; a publishable package without a dist/ fails the test.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const rootManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

/** The zod of the scratch project: not ours (see @csvfn/core's devDependencies). */
const USER_ZOD = '4.1.12';
/** zod 3.25, whose `zod/v4` is zod 4: the oldest the peer range takes. */
const USER_ZOD_3 = '3.25.76';

const SEED_ROWS = [{ name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 }];
const SEED_CSV = 'Name,Age,Job Title,Badge Number\r\nJohn Doe,45,Software Developer,58195\r\n';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: string | Record<string, unknown>;
  bin?: string | Record<string, string>;
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}
interface Publishable {
  dir: string;
  manifest: Manifest;
}

/** Every packages/* that is not private (each must have been built). */
function findPublishable(): Publishable[] {
  const packagesDir = join(repoRoot, 'packages');
  const found: Publishable[] = [];
  for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
    const dir = join(packagesDir, entry.name);
    const manifestPath = join(dir, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
    const manifest: Manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.private) continue;
    // `pnpm test` builds every package first: a missing dist/ is a failure, never a skip.
    if (!existsSync(join(dir, 'dist')))
      throw new Error(`packaging: ${manifest.name} has no dist/ (run pnpm build)`);
    found.push({ dir, manifest });
  }
  return found.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** The import specifiers a user can write: the main entry and each subpath export (JSON aside). */
function entrySpecifiers(manifest: Manifest): { specifier: string; target: unknown }[] {
  const exportsField = manifest.exports;
  if (exportsField === undefined) return [{ specifier: manifest.name, target: undefined }];
  const map: Record<string, unknown> =
    typeof exportsField === 'string' || !Object.keys(exportsField).every((key) => key.startsWith('.'))
      ? { '.': exportsField }
      : exportsField;
  return Object.entries(map)
    .filter(([subpath]) => !subpath.endsWith('.json') && !subpath.includes('*'))
    .map(([subpath, target]) => ({
      specifier: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
      target,
    }));
}

// Environment for npm: without the variables pnpm sets for the script that runs vitest, which
// npm would otherwise read as its own (unknown) config. Registry and cache settings stay.
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (
      lower.startsWith('npm_package_') ||
      lower.startsWith('npm_lifecycle_') ||
      lower.startsWith('pnpm_') ||
      lower === 'npm_command' ||
      lower === 'npm_config_user_agent' ||
      lower === 'npm_config_verify_deps_before_run' ||
      lower === 'npm_config_frozen_lockfile'
    ) {
      continue;
    }
    env[key] = value;
  }
  return env;
}

interface RunResult {
  stdout: string;
  stderr: string;
}

/** execFile with a timeout; a failure carries the command's own output, so the report says why. */
function run(
  file: string,
  args: string[],
  options: { cwd: string; timeout: number; env?: NodeJS.ProcessEnv },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { ...options, maxBuffer: 32 * 1024 * 1024, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (error) {
          const why = error.killed
            ? `killed after ${options.timeout} ms`
            : `exit ${error.code ?? error.signal}`;
          reject(
            new Error(
              `${[file, ...args].join(' ')} (in ${options.cwd}): ${why}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`,
            ),
          );
        } else {
          resolve({ stdout, stderr });
        }
      },
    );
  });
}

/** Runs a script of the fresh project with plain Node and parses the JSON it prints last. */
async function runScript(project: string, script: string): Promise<any> {
  const { stdout } = await run(process.execPath, [script], { cwd: project, timeout: 30_000 });
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(lastLine);
}

const publishable = findPublishable();
const names = publishable.map((p) => p.manifest.name);
const has = (name: string) => names.includes(name);

let workDir: string;
let project: string;
const packed = new Map<string, { tarball: string; files: string[] }>();

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'csvfn-packaging-'));
  const tarballs = join(workDir, 'tarballs');
  project = join(workDir, 'project');
  await mkdir(tarballs);
  await mkdir(project);

  // `pnpm pack` (not npm pack): it rewrites `workspace:^` ranges to real versions.
  await Promise.all(
    publishable.map(async ({ dir, manifest }) => {
      const { stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', tarballs], {
        cwd: dir,
        timeout: 60_000,
      });
      const report = JSON.parse(stdout.slice(stdout.indexOf('{')));
      packed.set(manifest.name, {
        tarball: report.filename,
        files: report.files.map((f: { path: string }) => f.path),
      });
    }),
  );

  // One install of all tarballs together, so the packages' dependencies on one another resolve
  // to these tarballs and never to whatever the registry holds under the same names.
  const dependencies: Record<string, string> = {};
  for (const [name, { tarball }] of packed) dependencies[name] = `file:${relative(project, tarball)}`;
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify(
      {
        name: 'csvfn-packaging-check',
        private: true,
        type: 'module',
        // The user's own zod, at versions other than the one csvfn is built and tested with.
        dependencies: { ...dependencies, zod: USER_ZOD, zod325: `npm:zod@${USER_ZOD_3}` },
        devDependencies: { '@types/node': rootManifest.devDependencies['@types/node'] },
      },
      null,
      2,
    ),
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: project,
    timeout: 150_000,
    env: npmEnv(),
  });
}, 240_000);

afterAll(async () => {
  if (!workDir) return;
  if (process.env.CSVFN_KEEP_PACKAGING) console.log(`packaging: kept ${workDir}`);
  else await rm(workDir, { recursive: true, force: true });
});

describe('pnpm pack', () => {
  it('finds the publishable packages, @csvfn/core among them', () => {
    expect(names).toContain('@csvfn/core');
    expect([...packed.keys()].sort()).toEqual([...names].sort());
  });

  it('ships built files, never sources, tests or build config', () => {
    for (const [name, { files }] of packed) {
      expect(files, name).toContain('package.json');
      expect(
        files.some((f) => f.startsWith('dist/')),
        name,
      ).toBe(true);
      expect(
        files.filter((f) => /(^|\/)(test|__tests__)\/|\.test\.|tsconfig|tsup\.config/.test(f)),
        name,
      ).toEqual([]);
    }
  });

  it('ships a README and the repository’s LICENSE in every package', async () => {
    const license = await readFile(join(repoRoot, 'LICENSE'), 'utf8');
    for (const [name, { files }] of packed) {
      expect(files, name).toEqual(expect.arrayContaining(['README.md', 'LICENSE']));
      expect(await readFile(join(project, 'node_modules', name, 'LICENSE'), 'utf8'), name).toBe(license);
    }
  });

  // npm puts a CHANGELOG in a tarball only when `files` names it; changesets writes one per package
  // at the first release (the release rehearsal checks the published tarballs carry it).
  it('lists the CHANGELOG.md changesets writes in every package’s files', () => {
    for (const { manifest } of publishable) expect(manifest.files, manifest.name).toContain('CHANGELOG.md');
  });

  it('installs each package from its own tarball, with no workspace: ranges left', async () => {
    const lock = JSON.parse(await readFile(join(project, 'package-lock.json'), 'utf8'));
    const ownPaths = Object.keys(lock.packages).filter((path) =>
      /(^|\/)node_modules\/@csvfn\/[^/]+$/.test(path),
    );
    // One copy of each, at the top: a nested copy would mean a dependency did not resolve to the tarball.
    expect(ownPaths.sort()).toEqual(names.map((name) => `node_modules/${name}`).sort());
    for (const name of names) {
      expect(lock.packages[`node_modules/${name}`].resolved, name).toMatch(/^file:/);
      const installed: Manifest = JSON.parse(
        await readFile(join(project, 'node_modules', name, 'package.json'), 'utf8'),
      );
      const ranges = { ...installed.dependencies, ...installed.peerDependencies };
      expect(
        Object.entries(ranges).filter(([, range]) => range.startsWith('workspace:')),
        name,
      ).toEqual([]);
    }
  });
});

describe('@csvfn/core as a user runs it', () => {
  const body = (kind: 'esm' | 'cjs') => {
    const load =
      kind === 'esm'
        ? `import { createCsvHandler, toCsv } from '@csvfn/core';\nimport { employeeSchema } from '@csvfn/core/employee';`
        : `const { createCsvHandler, toCsv } = require('@csvfn/core');\nconst { employeeSchema } = require('@csvfn/core/employee');`;
    return `${load}
const rows = ${JSON.stringify(SEED_ROWS)};
async function main() {
  const app = createCsvHandler({ schema: employeeSchema });
  const post = (body) =>
    app(new Request('http://localhost/api', { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
  const ok = await post(JSON.stringify(rows));
  const bad = await post(JSON.stringify([{ name: 'John Doe', age: 'old' }]));
  return {
    toCsv: toCsv(rows, { schema: employeeSchema }),
    withSchema: toCsv(rows, { schema: employeeSchema }),
    status: ok.status,
    contentType: ok.headers.get('content-type'),
    body: await ok.text(),
    badStatus: bad.status,
    badContentType: bad.headers.get('content-type'),
  };
}
main().then((result) => console.log(JSON.stringify(result)), (error) => { console.error(error); process.exitCode = 1; });
`;
  };
  const expected = {
    toCsv: SEED_CSV,
    withSchema: SEED_CSV,
    status: 200,
    contentType: expect.stringMatching(/^text\/csv; charset=utf-8/),
    body: SEED_CSV,
    badStatus: 422,
    badContentType: expect.stringMatching(/^application\/problem\+json/),
  };

  it('converts the seed and answers a POST, through import', async () => {
    await writeFile(join(project, 'seed.mjs'), body('esm'));
    expect(await runScript(project, 'seed.mjs')).toEqual(expected);
  });

  it('converts the seed and answers a POST, through require', async () => {
    await writeFile(join(project, 'seed.cjs'), body('cjs'));
    expect(await runScript(project, 'seed.cjs')).toEqual(expected);
  });
});

describe.each(publishable.map((p) => [p.manifest.name, p] as const))('%s entries', (name, { manifest }) => {
  const entries = entrySpecifiers(manifest);
  const slug = name.replace(/\W+/g, '-').replace(/^-/, '');
  const exportNames = (keys: string[]) =>
    keys.filter((key) => key !== '__esModule' && key !== 'module.exports').sort();

  it('declares import and require, each with its types, for every entry', () => {
    for (const { specifier, target } of entries) {
      const conditions = (target ?? {}) as Record<string, unknown>;
      for (const condition of ['import', 'require']) {
        const branch = conditions[condition];
        expect(branch, `${specifier} has no "${condition}" condition`).toBeDefined();
        const typed = typeof branch === 'object' && branch !== null && 'types' in branch;
        expect(typed || 'types' in conditions, `${specifier} "${condition}" has no types`).toBe(true);
      }
    }
  });

  it('every entry loads through import and through require, with the same exports', async () => {
    const specifiers = entries.map((e) => e.specifier);
    await writeFile(
      join(project, `${slug}.mjs`),
      `const out = {};
for (const s of ${JSON.stringify(specifiers)}) out[s] = Object.keys(await import(s));
console.log(JSON.stringify(out));
`,
    );
    await writeFile(
      join(project, `${slug}.cjs`),
      `const out = {};
for (const s of ${JSON.stringify(specifiers)}) out[s] = Object.keys(require(s));
console.log(JSON.stringify(out));
`,
    );
    const [esm, cjs] = await Promise.all([
      runScript(project, `${slug}.mjs`),
      runScript(project, `${slug}.cjs`),
    ]);
    for (const specifier of specifiers) {
      const esmNames = exportNames(esm[specifier]);
      expect(esmNames.length, `${specifier} exports nothing`).toBeGreaterThan(0);
      expect(exportNames(cjs[specifier]), specifier).toEqual(esmNames);
    }
  });

  it('its package.json is reachable and names it', async () => {
    await writeFile(
      join(project, `${slug}-manifest.cjs`),
      `console.log(JSON.stringify(require('${name}/package.json').name));\n`,
    );
    expect(await runScript(project, `${slug}-manifest.cjs`)).toBe(name);
  });

  // Declared only for packages that have commands, so nothing is reported as skipped.
  if (manifest.bin !== undefined)
    it('links its commands', async () => {
      const bins =
        typeof manifest.bin === 'string' ? { [name.split('/').pop()!]: manifest.bin } : manifest.bin!;
      for (const command of Object.keys(bins)) {
        const linked = join(project, 'node_modules', '.bin', command);
        expect(existsSync(linked), command).toBe(true);
        expect(await readFile(linked, 'utf8'), command).toMatch(/^#!\/usr\/bin\/env node/);
      }
    });
});

/**
 * A user's project as issue 12 tried it: their own zod (4.1.12, and zod 3.25's `zod/v4`), an order
 * schema with a nested customer, an optional note, a date, an enum and custom titles. Compiled
 * with no casts (in the type checks below) and run (here).
 */
const USER_SCHEMA_USAGE = `import * as z from 'zod';
import * as z3v4 from 'zod325/v4';
export const orderSchema = z.object({
  id: z.number().meta({ title: 'Order #' }),
  customer: z.object({ name: z.string().meta({ title: 'Customer' }), email: z.string().optional() }),
  note: z.string().optional(),
  placed: z.coerce.date(),
  status: z.enum(['open', 'shipped']),
});
export const order325 = z3v4.object({ id: z3v4.number().meta({ title: 'Order #' }), customer: z3v4.object({ name: z3v4.string().meta({ title: 'Customer' }) }) });
declare const CSVFN_KEY: string | undefined; // an env var that may be unset
const row = { id: 7, customer: { name: 'Ada' }, placed: '2026-01-02T00:00:00.000Z', status: 'open' as const };
export const nested: string = toCsv([row], { schema: orderSchema, columns: ['customer.name', 'id'] });
export const nested325: string = toCsv([{ id: 7, customer: { name: 'Ada' } }], { schema: order325 });
export const ordersApp: CsvHandler = createCsvHandler({
  schema: orderSchema,
  apiKeys: [CSVFN_KEY],
  allowQueryOptions: ['filename', 'bom'],
  healthPath: '/healthz',
});
`;

describe("a user's project, with its own zod", () => {
  const script = `import { createRequire } from 'node:module';
import { createCsvHandler, createConverter, toCsv } from '@csvfn/core';
import { serve } from '@csvfn/adapter-node';
import * as z from 'zod';
import * as z3v4 from 'zod325/v4';
const orderSchema = z.object({
  id: z.number().meta({ title: 'Order #' }),
  customer: z.object({ name: z.string().meta({ title: 'Customer' }), email: z.string().optional() }),
  status: z.enum(['open', 'shipped']),
});
const order325 = z3v4.object({ id: z3v4.number().meta({ title: 'Order #' }), customer: z3v4.object({ name: z3v4.string().meta({ title: 'Customer' }) }) });
const rows = [{ id: 7, customer: { name: 'Ada', email: 'a@x' }, status: 'open' }];
const server = await serve(createCsvHandler({ schema: orderSchema, logger: false }), { port: 0, hostname: '127.0.0.1' });
const overSocket = await (await fetch(server.url + '/api', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rows) })).text();
const big = await (await fetch(server.url + '/api', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[{"id":12345678901234567890,"customer":{"name":"B"},"status":"shipped"}]' })).text();
await server.close();
let badColumns;
try { createConverter({ schema: orderSchema, columns: ['customer.nope'] }); } catch (error) { badColumns = error.message; }
let badHandler;
try { createCsvHandler({ schema: orderSchema, columns: ['nope'] }); } catch (error) { badHandler = error.message; }
console.log(JSON.stringify({
  zod: createRequire(import.meta.url)('zod/package.json').version,
  toCsv: toCsv(rows, { schema: orderSchema }),
  zod325: toCsv([{ id: 1, customer: { name: 'Cy' } }], { schema: order325 }),
  schemaLess: toCsv([{ sku: 'x', dims: { w: 1 } }, { sku: 'y', qty: 2 }]),
  overSocket,
  big,
  badColumns,
  badHandler,
}));
`;

  it('converts nested rows to dotted columns with the titles of their own zod, through toCsv and adapter-node', async () => {
    await writeFile(join(project, 'userZod.mjs'), script);
    const result = await runScript(project, 'userZod.mjs');
    expect(result.zod).toBe(USER_ZOD);
    const csv = 'Order #,Customer,Customer Email,Status\r\n7,Ada,a@x,open\r\n';
    expect(result.toCsv).toBe(csv);
    expect(result.overSocket).toBe(csv);
    expect(result.zod325).toBe('Order #,Customer\r\n1,Cy\r\n');
    expect(result.schemaLess).toBe('sku,dims.w,qty\r\nx,1,\r\ny,,2\r\n');
    expect(result.big).toBe('Order #,Customer,Customer Email,Status\r\n12345678901234567890,B,,shipped\r\n');
    expect(result.badColumns).toMatch(/columns: "customer.nope" is not a column of the schema/);
    expect(result.badHandler).toMatch(/createCsvHandler: columns: "nope" is not a column/);
  });

  it('takes the user’s zod as the peer of @csvfn/core, with no second copy installed for it', async () => {
    const core = JSON.parse(await readFile(join(project, 'node_modules/@csvfn/core/package.json'), 'utf8'));
    expect(core.peerDependencies.zod).toBe('>=3.25.0 <5');
    expect(core.dependencies?.zod).toBeUndefined();
    expect(existsSync(join(project, 'node_modules/@csvfn/core/node_modules/zod'))).toBe(false);
  });
});

describe('types, as a TypeScript user gets them', () => {
  const require = createRequire(join(repoRoot, 'package.json'));
  const typescriptDir = dirname(require.resolve('typescript/package.json'));
  const tsc = join(typescriptDir, 'bin', 'tsc');

  // The public surface that the README and examples are written against.
  const adapterUsage: Record<string, string> = {
    '@csvfn/adapter-node': `import { serve } from '@csvfn/adapter-node';
export async function startNode(): Promise<void> { await serve(app, { port: 3000 }); }`,
    '@csvfn/adapter-vercel': `import { handle as vercel } from '@csvfn/adapter-vercel';
export const vercelHandler = vercel(app);`,
    '@csvfn/adapter-lambda': `import { handle as lambda } from '@csvfn/adapter-lambda';
export const handler = lambda(app);`,
    '@csvfn/lambda-local': `import { startLocalLambda } from '@csvfn/lambda-local';
export const startLocal = () => startLocalLambda({ handler });`,
    '@csvfn/client': `import { createClient } from '@csvfn/client';
import { createInvoker } from '@csvfn/client/lambda';
export const viaHttp = createClient({ url: 'http://127.0.0.1:3000/api' });
export const viaInvoke = createInvoker({ functionName: 'csvfn', clientConfig: { endpoint: 'http://127.0.0.1:3000' } });`,
    '@csvfn/adapter-workers': `import { handle as workers } from '@csvfn/adapter-workers';
export const worker = workers(app);`,
    '@csvfn/adapter-gcf': `import { handle as gcf } from '@csvfn/adapter-gcf';
export const gcfFunction = gcf(app);`,
    '@csvfn/adapter-azure': `import { handle as azure, registerFunction } from '@csvfn/adapter-azure';
export const azureHandler = azure(app);
export const registerAzure = () => registerFunction('csv', app, { route: 'api' });`,
    '@csvfn/adapter-netlify': `import { handle as netlify } from '@csvfn/adapter-netlify';
export default netlify(app);`,
  };
  const coreUsage = `import { createConverter, createCsvHandler, toCsv, type ConverterOptions, type CsvHandler, type FetchHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';
const options: ConverterOptions = { schema: employeeSchema, delimiter: ';', header: true, bom: false };
export const csv: string = toCsv(${JSON.stringify(SEED_ROWS)}, options);
export const labels: string[] = createConverter({ schema: employeeSchema }).columns.map((column) => column.label);
export const app: CsvHandler = createCsvHandler({ maxRows: 1000, maxBodyBytes: 1 << 20 });
${USER_SCHEMA_USAGE}
export const response: Promise<Response> = app(new Request('http://localhost/api', { method: 'POST', body: '[]' }));
export const asFetchHandler: FetchHandler = app;
`;
  // Every entry of every package, so each one's declaration files resolve and compile.
  const everyEntry = publishable
    .flatMap(({ manifest }) => entrySpecifiers(manifest))
    .map(({ specifier }, i) => `import * as entry${i} from '${specifier}';\nexport { entry${i} };`)
    .join('\n');

  const tsconfig = (compilerOptions: object, files: string[]) =>
    JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        target: 'es2022',
        ...compilerOptions,
      },
      files,
    });
  const typecheck = async (config: string) => {
    await run(process.execPath, [tsc, '-p', config, '--pretty', 'false'], { cwd: project, timeout: 90_000 });
  };

  beforeAll(async () => {
    const usage = [
      coreUsage,
      ...names.filter((n) => adapterUsage[n]).map((n) => adapterUsage[n]),
      everyEntry,
    ];
    await writeFile(join(project, 'usage.ts'), usage.join('\n'));
    // A CommonJS module under node16 resolves the `require` condition: the .d.cts files.
    await writeFile(join(project, 'usage.cts'), `${coreUsage}\n${everyEntry}\n`);
  });

  it('is the pinned TypeScript', () => {
    const version = JSON.parse(readFileSync(join(typescriptDir, 'package.json'), 'utf8')).version;
    expect(version).toBe(rootManifest.devDependencies.typescript);
  });

  it('compiles under module/moduleResolution node16 (ESM and CommonJS)', async () => {
    await writeFile(
      join(project, 'tsconfig.node16.json'),
      tsconfig({ module: 'node16', moduleResolution: 'node16', types: ['node'] }, ['usage.ts', 'usage.cts']),
    );
    await typecheck('tsconfig.node16.json');
  });

  it('compiles under module esnext with moduleResolution bundler', async () => {
    await writeFile(
      join(project, 'tsconfig.bundler.json'),
      tsconfig({ module: 'esnext', moduleResolution: 'bundler', types: ['node'] }, ['usage.ts']),
    );
    await typecheck('tsconfig.bundler.json');
  });

  it.runIf(has('@csvfn/core'))('core compiles for the Web platform alone, without @types/node', async () => {
    const web = [coreUsage, has('@csvfn/adapter-workers') ? adapterUsage['@csvfn/adapter-workers'] : ''];
    await writeFile(join(project, 'web.ts'), web.join('\n'));
    await writeFile(
      join(project, 'tsconfig.web.json'),
      tsconfig(
        { module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom', 'dom.iterable'], types: [] },
        ['web.ts'],
      ),
    );
    await typecheck('tsconfig.web.json');
  });
});
