import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';

// Every example's `pnpm start`, run as its package.json says (less the leading build of the
// workspace packages, which `pnpm test` has just done), answering the seed's request at /api.
const HOMES = ['node', 'vercel', 'lambda', 'workers', 'deno', 'bun', 'netlify', 'gcf', 'azure'];
const SEED = [
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
];
const SEED_CSV =
  'Name,Age,Job Title,Badge Number\r\nJohn Doe,45,Software Developer,58195\r\nJane Doe,32,Software Developer,58191\r\n';

/** The start script without its `pnpm --filter "…^..." build &&` prefix. */
function startCommand(home: string): string {
  const { scripts } = JSON.parse(readFileSync(new URL(`../${home}/package.json`, import.meta.url), 'utf8'));
  return String(scripts.start)
    .split(' && ')
    .filter((step) => !/^pnpm --filter \S+ build$/.test(step))
    .join(' && ');
}

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
});

async function seedAnswer(port: number, child: ChildProcess, output: () => string): Promise<Response> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`start exited (${child.exitCode}):\n${output()}`);
    try {
      return await fetch(`http://127.0.0.1:${port}/api`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(SEED),
      });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

describe.each(HOMES.map((home, index) => [home, 3400 + index] as const))('examples/%s', (home, port) => {
  it(`pnpm start serves the seed's CSV at POST http://127.0.0.1:${port}/api`, async () => {
    const command = startCommand(home);
    const child = spawn('sh', ['-c', command], {
      cwd: new URL(`../${home}/`, import.meta.url),
      env: { ...process.env, PORT: String(port) },
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
    process.kill(-child.pid!, 'SIGTERM');
  });
});
