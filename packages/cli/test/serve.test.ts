import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocument, toCsv } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_DIR, runCli, type Served, startServe } from './cli.js';

const seed = [
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
];
const fixture = (name: string) => join(PACKAGE_DIR, 'test', 'fixtures', name);

const post = (url: string, body: string, type = 'application/json') =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': type }, body });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('csvfn serve', () => {
  let served: Served;
  beforeAll(async () => {
    served = await startServe(['--port', '0', '--no-log']);
  });
  afterAll(async () => {
    await served?.stop();
  });

  it('says where everything is, on this machine only', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.output()).toContain(`POST ${served.url}/api`);
    expect(served.output()).toContain(`playground  ${served.url}/`);
    expect(served.output()).toContain(`OpenAPI     ${served.url}/openapi.json`);
  });

  it('answers the function at /api, as the contract says', async () => {
    const response = await post(`${served.url}/api`, JSON.stringify(seed));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="data.csv"');
    expect(await response.text()).toBe(toCsv(seed, { schema: employeeSchema }));

    const ndjson = await post(
      `${served.url}/api?delimiter=%3B`,
      seed.map((row) => JSON.stringify(row)).join('\n'),
      'application/x-ndjson',
    );
    expect(await ndjson.text()).toBe(toCsv(seed, { schema: employeeSchema, delimiter: ';' }));

    const invalid = await post(`${served.url}/api`, JSON.stringify([{ ...seed[0], age: 'x' }]));
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({ errors: [{ pointer: '/0/age' }] });
    const get = await fetch(`${served.url}/api`);
    expect(get.status).toBe(405);
  });

  it('serves the playground at / with a strict content security policy', async () => {
    const page = await fetch(`${served.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<title>csvfn playground</title>');
    expect(html).toBe(await readFile(join(PACKAGE_DIR, 'playground', 'index.html'), 'utf8'));
    for (const [path, type] of [
      ['/playground.js', 'text/javascript; charset=utf-8'],
      ['/playground.css', 'text/css; charset=utf-8'],
    ]) {
      const asset = await fetch(served.url + path);
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get('content-type')).toBe(type);
    }
    const missing = await fetch(`${served.url}/secret.txt`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    const traversal = await fetch(`${served.url}/..%2Fpackage.json`);
    expect(traversal.status).toBe(404);
  });

  it('serves the OpenAPI document at /openapi.json, a valid OpenAPI 3.1', async () => {
    const response = await fetch(`${served.url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document).toEqual(
      JSON.parse(
        JSON.stringify(openApiDocument({ schema: employeeSchema, healthPath: '/healthz' }, { path: '/api' })),
      ),
    );
    const validator = new Validator();
    expect(await validator.validate(document)).toEqual({ valid: true });
  });
});

describe('csvfn serve: options', () => {
  it('listens on PORT from the environment, and stops on SIGTERM', async () => {
    const port = await freePort();
    const served = await startServe(['--no-log'], { PORT: String(port) });
    expect(served.url).toBe(`http://127.0.0.1:${port}`);
    expect((await post(`${served.url}/api`, '[]')).status).toBe(200);
    expect(await served.stop()).toBe(0);
  });

  it('a port in use is a clear error, exit 2', async () => {
    const served = await startServe(['--port', '0', '--no-log']);
    const port = new URL(served.url).port;
    try {
      const run = await runCli(['serve', '--port', port]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`csvfn: port ${port} is in use; choose another with --port\n`);
      const bad = await runCli(['serve', '--port', 'http']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain("argument 'http' is invalid");
    } finally {
      await served.stop();
    }
  });

  it('--schema and the limits apply to the function and to its OpenAPI document', async () => {
    const served = await startServe([
      '--port',
      '0',
      '--no-log',
      '--schema',
      fixture('staff.schema.json'),
      '--max-rows',
      '2',
    ]);
    try {
      const csv = await post(`${served.url}/api`, JSON.stringify([{ id: 'a', name: 'Ann' }]));
      expect(await csv.text()).toBe('Staff ID,Name,Started,Remote\r\na,Ann,,\r\n');
      const tooMany = await post(
        `${served.url}/api`,
        JSON.stringify(Array(3).fill({ id: 'a', name: 'Ann' })),
      );
      expect(tooMany.status).toBe(413);
      const document = await (await fetch(`${served.url}/openapi.json`)).json();
      expect(Object.keys(document.components.schemas.Row.properties)).toEqual([
        'id',
        'name',
        'startDate',
        'remote',
      ]);
      expect(document.components.schemas.Rows.maxItems).toBe(2);
    } finally {
      await served.stop();
    }
  });

  it('logs one JSON line per request unless --no-log', async () => {
    const served = await startServe(['--port', '0']);
    try {
      await (await post(`${served.url}/api`, '[]')).text();
      await expect.poll(() => served.output()).toContain('"status":200');
    } finally {
      await served.stop();
    }
  });
});

describe('csvfn openapi', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csvfn-openapi-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the document of the function as csvfn serve runs it', async () => {
    const run = await runCli(['openapi']);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout.toString('utf8'));
    expect(document).toEqual(JSON.parse(JSON.stringify(openApiDocument({}, { path: '/api' }))));
    expect(await new Validator().validate(document)).toEqual({ valid: true });
  });

  it('takes a schema, a path, servers and limits, and writes -o', async () => {
    const out = join(dir, 'openapi.json');
    const run = await runCli([
      'openapi',
      '--schema',
      fixture('staff.schema.mjs'),
      '--path',
      '/convert',
      '--server',
      'https://csv.example.com',
      '--max-body-bytes',
      '1000',
      '-o',
      out,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBe(0);
    const document = JSON.parse(await readFile(out, 'utf8'));
    expect(Object.keys(document.paths)).toEqual(['/convert']);
    expect(document.servers).toEqual([{ url: 'https://csv.example.com' }]);
    expect(Object.keys(document.components.schemas.Row.properties)).toEqual(['id', 'name', 'remote']);
    expect(document.paths['/convert'].post.requestBody.description).toContain('1000 bytes');
    expect(await new Validator().validate(document)).toEqual({ valid: true });
  });
});

describe('csvfn serve and openapi: issue 12 flags', () => {
  it('serve takes --delimiter, --api-key (repeatable), --cors, --max-rows, and answers /healthz', async () => {
    const served = await startServe([
      '--port',
      '0',
      '--no-log',
      '--delimiter',
      'semicolon',
      '--api-key',
      'k1',
      '--api-key',
      'k3',
      '--cors',
      'https://app.example',
      '--max-rows',
      '1',
    ]);
    try {
      const health = await fetch(`${served.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      const post = (key: string, body: string) =>
        fetch(`${served.url}/api`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${key}`,
            origin: 'https://app.example',
          },
          body,
        });
      const ok = await post('k1', JSON.stringify([seed[0]]));
      expect(ok.status).toBe(200);
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
      expect(await ok.text()).toBe(toCsv([seed[0]!], { schema: employeeSchema, delimiter: ';' }));
      expect((await post('k3', '[]')).status).toBe(200);
      expect((await post('nope', '[]')).status).toBe(401);
      expect((await post('k1', JSON.stringify(seed))).status).toBe(413);
    } finally {
      await served.stop();
    }
  });

  it('openapi takes --title and --version, and writes coerced dates as date-time strings', async () => {
    const run = await runCli(['openapi', '--title', 'Orders', '--version', '2.1.0']);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout.toString('utf8'));
    expect(document.info).toMatchObject({ title: 'Orders', version: '2.1.0' });
  });
});

describe('csvfn openapi: the options of serve that change the document', () => {
  it('--api-key: the bearer scheme and the 401, never the key; --delimiter and --unwind as serve runs them', async () => {
    const run = await runCli([
      'openapi',
      '--api-key',
      'the-secret-key',
      '-d',
      ';',
      '--unwind',
      'items',
      '--max-rows',
      '10',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const text = run.stdout.toString('utf8');
    expect(text).not.toContain('the-secret-key');
    const document = JSON.parse(text);
    expect(document).toEqual(
      JSON.parse(
        JSON.stringify(
          openApiDocument(
            { apiKeys: ['x'], delimiter: ';', unwind: ['items'], maxRows: 10 },
            { path: '/api' },
          ),
        ),
      ),
    );
    expect(document.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    const post = document.paths['/api'].post;
    expect(post.security).toEqual([{ apiKey: [] }]);
    expect(post.responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
    expect(post.parameters.find((p: { name: string }) => p.name === 'delimiter').schema.default).toBe(';');
    expect(await new Validator().validate(document)).toEqual({ valid: true });
  });

  it('CSVFN_API_KEYS, as serve reads it, and the same document serve publishes', async () => {
    const env = { CSVFN_API_KEYS: 'k1,k2' };
    const printed = JSON.parse((await runCli(['openapi'], { env })).stdout.toString('utf8'));
    const served = await startServe(['--port', '0', '--no-log'], env);
    try {
      const published = await (await fetch(`${served.url}/openapi.json`)).json();
      // startServe runs the employee schema: compare with the same flag.
      const same = JSON.parse(
        (await runCli(['openapi', '--schema', 'employee'], { env })).stdout.toString('utf8'),
      );
      expect(published).toEqual(same);
      expect(printed.components.securitySchemes).toBeDefined();
    } finally {
      await served.stop();
    }
  });

  it('--unwind on serve: the function answers one record per element', async () => {
    const served = await startServe(['--port', '0', '--no-log', '--no-schema', '--unwind', 'items']);
    try {
      const response = await post(`${served.url}/api`, '[{"id":1,"items":[{"sku":"A"},{"sku":"B"}]}]');
      expect(await response.text()).toBe('id,items.sku\r\n1,A\r\n1,B\r\n');
    } finally {
      await served.stop();
    }
  });
});
