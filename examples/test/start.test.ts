import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '@csvfn/harness/process';
import { SEED_BODY, SEED_CSV } from '@csvfn/harness/seed';
import { afterAll, describe, expect, it } from 'vitest';

// Every example's `pnpm start`, run as its package.json says (its leading
// `scripts/buildForStart.mjs` builds nothing once `pnpm test` has built the packages), answering
// the employee request of the quick start at /api.
const HOMES = [
  'node',
  'vercel',
  'lambda',
  'workers',
  'deno',
  'bun',
  'netlify',
  'gcf',
  'azure',
  'netlify-edge',
  'vercel-edge',
  'supabase',
];

/** The start script (an older `pnpm --filter "…^..." build &&` prefix left out, should one return). */
function startCommand(home: string): string {
  const { scripts } = JSON.parse(readFileSync(new URL(`../${home}/package.json`, import.meta.url), 'utf8'));
  return String(scripts.start)
    .split(' && ')
    .filter((step) => !/^pnpm --filter \S+ build$/.test(step))
    .join(' && ');
}

const children: ChildProcess[] = [];
/** Stops an example's whole process group (its runtime included); gone already is fine. */
function stop(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {}
}
afterAll(() => {
  for (const child of children) stop(child, 'SIGKILL');
});

/** Once the example has printed its address (each prints one), the seed's request. */
async function seedAnswer(port: number, child: ChildProcess, output: () => string): Promise<Response> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`start exited (${child.exitCode}):\n${output()}`);
    if (!output().includes(`:${port}`)) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    try {
      return await fetch(`http://127.0.0.1:${port}/api`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: SEED_BODY,
      });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

describe.each(HOMES)('examples/%s', (home) => {
  it('pnpm start serves the employee CSV at POST http://127.0.0.1:$PORT/api', async () => {
    const port = await freePort();
    const command = startCommand(home);
    const child = spawn('sh', ['-c', command], {
      cwd: new URL(`../${home}/`, import.meta.url),
      // As pnpm runs a script: the example's own node_modules/.bin first on the PATH.
      env: {
        ...process.env,
        PORT: String(port),
        PATH: `${fileURLToPath(new URL(`../${home}/node_modules/.bin`, import.meta.url))}:${process.env.PATH}`,
      },
      // Its own process group, so the runtime it starts is stopped with it.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const response = await seedAnswer(port, child, () => output);
    expect(response.status, output).toBe(200);
    expect(await response.text()).toBe(SEED_CSV);
    stop(child, 'SIGTERM');
  });
});
