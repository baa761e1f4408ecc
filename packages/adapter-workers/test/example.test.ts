// examples/workers as it deploys: wrangler's dry-run bundle of it, served by workerd with the
// bindings its wrangler.jsonc declares. (The `examples` vitest project does not reach
// examples/workers/test, so this lives here.)
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEED_BODY, SEED_CSV } from '@csvfn/harness/seed';
import { quietRuntime } from '@csvfn/harness/workerd';
import { Miniflare, type WorkerOptions } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';
import { type DryRunBundle, dryRunBundle } from './support/wrangler.js';

const exampleDir = fileURLToPath(new URL('../../../examples/workers/', import.meta.url));

let bundle: DryRunBundle;
let mf: Miniflare;
let base: URL;

beforeAll(async () => {
  bundle = await dryRunBundle(exampleDir);
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(exampleDir, 'wrangler.jsonc'));
  const worker = (name: string, extraBindings: Record<string, string> = {}): WorkerOptions => ({
    ...(workerOptions as WorkerOptions),
    name,
    bindings: { ...workerOptions.bindings, ...extraBindings },
    modulesRoot: bundle.outdir,
    modules: [{ type: 'ESModule', path: join(bundle.outdir, 'index.js') }],
  });
  // The first worker answers on the port; the second is the same bundle with an API key secret.
  mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    ...quietRuntime,
    workers: [worker('example'), worker('example-keyed', { API_KEY: 'test-key' })],
  });
  base = await mf.ready;
});

afterAll(async () => {
  await mf?.dispose();
  if (bundle) await rm(bundle.outdir, { recursive: true, force: true });
});

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(new URL('/api', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('examples/workers', () => {
  it('bundles for Workers without Node built-ins, small', async () => {
    const files = await readdir(bundle.outdir);
    expect(files).toContain('index.js');
    const code = await readFile(join(bundle.outdir, 'index.js'), 'utf8');
    expect(code).not.toMatch(/\bfrom\s*["']node:|\brequire\(/);
    console.info(`examples/workers upload: ${bundle.uploadKiB} KiB min / ${bundle.gzipKiB} KiB min+gz`);
    // A guard against pulling in zod (the employee schema needs none; zod/mini's object code alone
    // is 4.5 KiB min+gz) or a Node polyfill. The goal is 12 KiB, which `pnpm bench` reports;
    // today's 25.3 KiB is the library's features (the breakdown is in examples/workers/README.md;
    // the direct path's scan-written unusual cells and four-byte key matching added 0.5 KiB).
    expect(code).not.toContain('$ZodType');
    expect(bundle.gzipKiB).toBeLessThan(27);
  });

  it("answers the seed's request with the seed's CSV", async () => {
    const response = await post(SEED_BODY);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="data.csv"');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new TextEncoder().encode(SEED_CSV));
  });

  it('answers errors as problem+json', async () => {
    const response = await post('[{"name":"x"');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect((await response.json()).type).toBe('urn:csvfn:problem:invalid-json');
  });

  it("fits Workers' free plan: a body over 256 KiB is a 413, one under it converts", async () => {
    // 10 ms of CPU a request on the free plan; about 26 ms per MiB in workerd (pnpm bench cpu).
    const row = '{"name":"John Doe","age":45,"jobTitle":"Software Developer","badgeNumber":58195}';
    const body = (bytes: number) =>
      `[${Array(Math.floor(bytes / (row.length + 1)))
        .fill(row)
        .join(',')}]`;
    const under = await post(body(250 * 1024));
    expect(under.status).toBe(200);
    await under.arrayBuffer();
    const over = await post(body(260 * 1024));
    expect(over.status).toBe(413);
    expect((await over.json()).maxBodyBytes).toBe(262_144);
  });

  it('requires the API key once the secret is set', async () => {
    const keyed = await mf.getWorker('example-keyed');
    const init = (authorization?: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: SEED_BODY,
    });
    const refused = await keyed.fetch('http://example.test/api', init());
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    await refused.arrayBuffer();
    const wrong = await keyed.fetch('http://example.test/api', init('Bearer nope'));
    expect(wrong.status).toBe(401);
    await wrong.arrayBuffer();
    const allowed = await keyed.fetch('http://example.test/api', init('Bearer test-key'));
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toBe(SEED_CSV);
  });

  // Last: it spends this client's budget (100 a minute, as wrangler.jsonc sets it).
  it('answers 429 with Retry-After once the rate limit binding refuses', async () => {
    let response: Response | undefined;
    for (let i = 0; i < 250; i++) {
      response = await post('[]');
      if (response.status !== 200) break;
      await response.arrayBuffer();
    }
    expect(response!.status).toBe(429);
    expect(response!.headers.get('retry-after')).toBe('60');
    expect(response!.headers.get('content-type')).toBe('application/problem+json');
    expect((await response!.json()).type).toBe('urn:csvfn:problem:rate-limited');
  });
});
