// `pnpm start` as the README's quick start runs it: on a built tree it builds nothing, prints at
// most 25 lines before it listens, and serves the employee converter (issue 21: it used to
// rebuild 8 packages with declarations and print about 135 lines first). How fast it listens is
// measured by hand, never asserted: a timed assertion fails on a busy machine for no reason.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitForOutput } from '@csvfn/harness/process';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
let child: ChildProcess | undefined;
afterAll(() => {
  try {
    if (child?.pid) process.kill(-child.pid, 'SIGTERM');
  } catch {}
});

describe('pnpm start', () => {
  it('prints at most 25 lines before it listens, then serves the quick start', async () => {
    const port = await freePort();
    child = spawn('pnpm', ['start'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: String(port) },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const listening = `serving on http://127.0.0.1:${port}`;
    const output = await waitForOutput(child, listening, 'pnpm start', 120_000);
    const before = output.slice(0, output.indexOf(listening)).split('\n').length - 1;
    expect(before, output).toBeLessThanOrEqual(25);

    const response = await fetch(`http://127.0.0.1:${port}/api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[{"name":"John Doe","age":45,"jobTitle":"Software Developer","badgeNumber":58195}]',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(
      'Name,Age,Job Title,Badge Number\r\nJohn Doe,45,Software Developer,58195\r\n',
    );
  }, 150_000);
});
