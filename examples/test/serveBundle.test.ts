import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, waitForOutput } from '@csvfn/harness/process';
import { SEED_BODY, SEED_CSV } from '@csvfn/harness/seed';
import { afterAll, describe, expect, it } from 'vitest';

// The Workers README's way to run exactly what Cloudflare would (the deploy bundle on workerd,
// without wrangler dev's proxy): `pnpm --filter @csvfn/example-workers serve:bundle`. It replaced a
// `new Miniflare(…)` step that failed with ERR_MODULE_NOT_FOUND from examples/workers (issue 21).
const workers = new URL('../workers/', import.meta.url);
let child: ChildProcess | undefined;
afterAll(() => {
  try {
    if (child?.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {}
});

describe('examples/workers serve:bundle', () => {
  it('serves the wrangler deploy bundle on workerd at POST http://127.0.0.1:$PORT/api', async () => {
    const port = await freePort();
    const { scripts } = JSON.parse(readFileSync(new URL('package.json', workers), 'utf8'));
    child = spawn('sh', ['-c', scripts['serve:bundle']], {
      cwd: workers,
      env: {
        ...process.env,
        PORT: String(port),
        PATH: `${fileURLToPath(new URL('node_modules/.bin', workers))}:${process.env.PATH}`,
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const address = `http://127.0.0.1:${port}/api`;
    await waitForOutput(child, address, 'serve:bundle', 90_000);
    const response = await fetch(address, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: SEED_BODY,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(SEED_CSV);
  }, 120_000);
});
