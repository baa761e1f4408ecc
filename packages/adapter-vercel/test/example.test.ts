import { execFile } from 'node:child_process';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SEED_BODY, SEED_CSV } from '@csvfn/harness/seed';
import { type DevServer, startDevServer } from '@csvfn/harness/vercel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltFunction } from './support/builtFunction.js';
import { send } from './support/send.js';

/**
 * examples/vercel, as a user runs it: under @vercel/node's own dev server, helpers on and off,
 * and built offline by the pinned `vercel` CLI into Vercel's Build Output.
 */
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const example = fileURLToPath(new URL('../../../examples/vercel', import.meta.url));

const json = { 'content-type': 'application/json' };

/** A JSON array of employees of about `bytes` bytes, and how many rows it holds. */
function employees(bytes: number): { body: string; rows: number } {
  const row = JSON.stringify({
    name: 'Employee Name',
    age: 40,
    jobTitle: 'Software Developer',
    badgeNumber: 12345,
  });
  const rows = Math.floor((bytes - 2) / (row.length + 1));
  return { body: `[${Array(rows).fill(row).join(',')}]`, rows };
}

describe.each([
  ['on', true],
  ['off', false],
])('examples/vercel under @vercel/node dev server, helpers %s', (_name, helpers) => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer({ cwd: example, entrypoint: 'api/index.ts', helpers });
  });
  afterAll(() => server?.close());

  it("answers the seed's request with the seed's CSV", async () => {
    const answer = await send(server.url, { headers: json, body: SEED_BODY });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(answer.headers['content-disposition']).toBe('attachment; filename="data.csv"');
    expect(answer.body.toString()).toBe(SEED_CSV);
  });

  it('logs the request under its x-vercel-id', async () => {
    await send(server.url, { headers: { ...json, 'x-vercel-id': 'cdg1::example-42' }, body: SEED_BODY });
    await expect.poll(() => server.output()).toMatch(/"requestId":"cdg1::example-42","provider":"vercel"/);
  });

  it.each([
    ['invalid JSON', 400, json, '[{"name": "John", '],
    ['an empty body', 400, json, ''],
    [
      'a row that fails the schema',
      422,
      json,
      '[{"name":"John","age":"old","jobTitle":"x","badgeNumber":1}]',
    ],
    ['text/plain', 415, { 'content-type': 'text/plain' }, SEED_BODY],
  ])("answers %s with the contract's %i problem, and keeps serving", async (_case, status, headers, body) => {
    const answer = await send(server.url, { headers, body });
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(answer.body.toString())).toMatchObject({
      status,
      type: expect.stringMatching(/^urn:csvfn:problem:/),
    });
    expect(server.alive()).toBe(true);
  });

  it('answers GET with 405 and Allow, from the handler', async () => {
    const answer = await send(server.url, { method: 'GET' });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST, OPTIONS');
  });

  it('converts a body just under the 4 MiB default, all rows', async () => {
    const { body, rows } = employees(4 * 1024 * 1024 - 1024);
    const answer = await send(server.url, { headers: json, body });
    expect(answer.status).toBe(200);
    expect(answer.body.toString().split('\r\n')).toHaveLength(rows + 2); // header, rows, final ''
  });

  it("refuses a 4.4 MB body with csvfn's own 413 (under Vercel's 4.5 MB cap, so csvfn, not Vercel, answers)", async () => {
    const answer = await send(server.url, { headers: json, body: employees(4_400_000).body });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body.toString())).toMatchObject({ type: 'urn:csvfn:problem:body-too-large' });
  });
});

describe.each([
  ['on', true],
  ['off', false],
])("maxBodyBytes raised toward Vercel's 4.5 MB cap, helpers %s", (_name, helpers) => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer({
      cwd: fileURLToPath(new URL('./fixtures', import.meta.url)),
      entrypoint: 'nearCap.ts',
      helpers,
    });
  });
  afterAll(() => server?.close());

  it('converts a 4.4 MB body: nothing between Vercel and the core caps it lower', async () => {
    const { body, rows } = employees(4_400_000);
    expect(body.length).toBeGreaterThan(4_390_000);
    const answer = await send(server.url, { headers: json, body });
    expect(answer.status).toBe(200);
    expect(answer.body.toString().split('\r\n')).toHaveLength(rows + 2);
  });
});

describe('examples/vercel built offline with the pinned vercel CLI', () => {
  const output = `${example}/.vercel/output`;
  let built: Awaited<ReturnType<typeof loadBuiltFunction>>;
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    // The workspace is installed already: VERCEL_INSTALL_COMPLETED skips the builder's own install.
    await promisify(execFile)(`${example}/node_modules/.bin/vercel`, ['build', '--yes'], {
      cwd: example,
      env: {
        ...process.env,
        VERCEL_INSTALL_COMPLETED: '1',
        VERCEL_TELEMETRY_DISABLED: '1',
        NO_UPDATE_NOTIFIER: '1',
      },
      timeout: 180_000,
    });
    built = await loadBuiltFunction(`${output}/functions/api/index.func`, repoRoot);
    const server = createServer(built.handler as RequestListener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  }, 240_000);
  afterAll(async () => {
    await close?.();
    await built?.dispose();
  });

  it("builds api/index.ts into a Node.js 24 function with vercel.json's memory and duration, helpers off", () => {
    expect(built.config).toMatchObject({
      handler: 'examples/vercel/api/index.js',
      runtime: 'nodejs24.x',
      launcherType: 'Nodejs',
      memory: 1024,
      maxDuration: 10,
      shouldAddHelpers: false,
    });
  });

  it("serves the seed's request from the built files alone", async () => {
    const answer = await send(url, { headers: json, body: SEED_BODY });
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe(SEED_CSV);
  });
});
