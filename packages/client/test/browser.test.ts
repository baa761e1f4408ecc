// The client as a browser app gets it: packed, installed alone from its tarball with npm into a
// scratch project outside the workspace, bundled by esbuild for the browser, then run in a page of
// Debian's Chromium against a real csvfn server (createCsvHandler on adapter-node) on another origin.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type NodeServer, serve } from '@csvfn/adapter-node';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';
import { CHROMIUM, CHROMIUM_FLAGS as FLAGS } from '@csvfn/harness/chromium';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const ESBUILD = createRequire(import.meta.url).resolve('esbuild/bin/esbuild');

// npm without the variables pnpm sets for the script that runs vitest (they would point npm at
// the workspace's settings).
const npmEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(?:npm_|pnpm_)/i.test(name)),
);

const SEED = [
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
];
// docs/contract.md, "The job".
const SEED_CSV =
  'Name,Age,Job Title,Badge Number\r\nJohn Doe,45,Software Developer,58195\r\nJane Doe,32,Software Developer,58191\r\n';

let scratch: string;
let bundle: string;
let installed: { files: number; bytes: number; packages: string[] };

async function treeSize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'csvfn-client-scratch-'));
  // `pnpm pack` writes the manifest as it would publish it (workspace: ranges resolved).
  const { stdout } = await run('pnpm', ['pack', '--pack-destination', scratch], { cwd: PACKAGE_DIR });
  const tarball = stdout.trim().split('\n').at(-1)!;
  await writeFile(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  // --offline: whatever the tarball declares must already be in it, or the install fails.
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], {
    cwd: scratch,
    env: npmEnv,
  });
  const { stdout: tree } = await run('npm', ['ls', '--all', '--parseable'], { cwd: scratch, env: npmEnv });
  installed = {
    ...(await treeSize(join(scratch, 'node_modules'))),
    packages: tree
      .trim()
      .split('\n')
      .slice(1)
      .map((path) => path.slice(join(scratch, 'node_modules').length + 1)),
  };
  console.info(
    `@csvfn/client installed alone: ${installed.packages.join(', ')}; ` +
      `${installed.files} files, ${(installed.bytes / 1024).toFixed(1)} KiB`,
  );
  await writeFile(
    join(scratch, 'app.js'),
    "import { createClient } from '@csvfn/client';\nglobalThis.createClient = createClient;\n",
  );
  bundle = join(scratch, 'app.bundle.js');
  await run(ESBUILD, ['app.js', '--bundle', '--platform=browser', '--format=iife', `--outfile=${bundle}`], {
    cwd: scratch,
  });
}, 240_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the packed client, installed alone', () => {
  it('installs from its own tarball with nothing else: no dependency, the SDK peer left out', async () => {
    expect(installed.packages).toEqual(['@csvfn/client']);
    const manifest = JSON.parse(
      await readFile(join(scratch, 'node_modules/@csvfn/client/package.json'), 'utf8'),
    );
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.peerDependenciesMeta).toEqual({ '@aws-sdk/client-lambda': { optional: true } });
    expect(existsSync(join(scratch, 'node_modules/@aws-sdk'))).toBe(false);
  });

  it('bundles for the browser: no Node built-in, no Lambda code', async () => {
    const code = await readFile(bundle, 'utf8');
    expect(code).toContain('createClient');
    expect(code).not.toMatch(/\brequire\(|\bnode:|\bBuffer\b|\bprocess\b|awslambda|@aws-sdk/);
    // The whole HTTP client, unminified: a guard against pulling in the Lambda entry by accident.
    expect(code.length).toBeLessThan(8 * 1024);
  });
});

describe('the bundle in a Chromium page, against a real csvfn server', () => {
  let api: NodeServer;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let page: Page;
  const seen: { contentType: string | null; contentEncoding: string | null; origin: string | null }[] = [];

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    const html = `<!doctype html><meta charset="utf-8"><title>client</title><script src="/app.js"></script>`;
    const script = await readFile(bundle);
    site = createServer((req, res) => {
      if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
      else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as { port: number }).port}`;
    // The page is on another origin than the function, so the function allows it by CORS.
    const app = createCsvHandler({ schema: employeeSchema, cors: { origins: [siteUrl] }, logger: false });
    api = await serve(
      (request) => {
        if (request.method === 'POST')
          seen.push({
            contentType: request.headers.get('content-type'),
            contentEncoding: request.headers.get('content-encoding'),
            origin: request.headers.get('origin'),
          });
        return app(request);
      },
      { port: 0, hostname: '127.0.0.1' },
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(siteUrl);
    expect(errors).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    site?.closeAllConnections();
    if (site) await new Promise((resolve) => site.close(resolve));
  });

  /** `createClient({ url }).convert(rows, options)` run in the page: its text, or the error it threw. */
  function convertInPage(rows: unknown[], options: object = {}) {
    return page.evaluate(
      async ({ url, rows, options }) => {
        const client = (globalThis as any).createClient({ url });
        try {
          return { csv: (await client.convert(rows, options)) as string };
        } catch (error: any) {
          return { error: { name: error.name, status: error.status, type: error.problem?.type } };
        }
      },
      { url: `${api.url}/api`, rows, options },
    );
  }

  it('converts rows to the CSV the contract gives', async () => {
    expect(await convertInPage(SEED)).toEqual({ csv: SEED_CSV });
    expect(seen.at(-1)).toEqual({ contentType: 'application/json', contentEncoding: null, origin: siteUrl });
  });

  it('sends the options as query and Accept', async () => {
    expect(await convertInPage(SEED, { delimiter: ';', eol: 'lf', header: false })).toEqual({
      csv: 'John Doe;45;Software Developer;58195\nJane Doe;32;Software Developer;58191\n',
    });
    expect(await convertInPage(SEED.slice(0, 1), { format: 'tsv' })).toEqual({
      csv: 'Name\tAge\tJob Title\tBadge Number\r\nJohn Doe\t45\tSoftware Developer\t58195\r\n',
    });
  });

  it('sends NDJSON', async () => {
    expect(await convertInPage(SEED, { ndjson: true })).toEqual({ csv: SEED_CSV });
    expect(seen.at(-1)).toMatchObject({ contentType: 'application/x-ndjson', contentEncoding: null });
  });

  it('sends gzip, JSON and NDJSON, compressed by the page’s CompressionStream', async () => {
    expect(await convertInPage(SEED, { gzip: true })).toEqual({ csv: SEED_CSV });
    expect(seen.at(-1)).toMatchObject({ contentType: 'application/json', contentEncoding: 'gzip' });
    expect(await convertInPage(SEED, { ndjson: true, gzip: true })).toEqual({ csv: SEED_CSV });
    expect(seen.at(-1)).toMatchObject({ contentType: 'application/x-ndjson', contentEncoding: 'gzip' });
  });

  it('gets the function’s problem as a ProblemError', async () => {
    expect(await convertInPage([{ name: 'John Doe', age: 'old' }])).toEqual({
      error: { name: 'ProblemError', status: 422, type: 'urn:csvfn:problem:invalid-rows' },
    });
    expect(await convertInPage([{ name: 'John Doe', age: 'old' }], { ndjson: true, gzip: true })).toEqual({
      error: { name: 'ProblemError', status: 422, type: 'urn:csvfn:problem:invalid-rows' },
    });
  });
});
