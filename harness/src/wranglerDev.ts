/**
 * @module
 * `wrangler dev` itself, offline, for tests that need the Workers dev tool's own proxy in front of
 * workerd (it drains unread request bodies and streams answers its own way).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { COMPATIBILITY_DATE } from './workerd.js';

const require = createRequire(import.meta.url);
const wranglerBin = join(dirname(require.resolve('wrangler/package.json')), 'bin', 'wrangler.js');

export interface WranglerDev {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  /** What wrangler and the Worker printed, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Runs `wrangler dev` on a loopback port for a Worker entry (wrangler bundles it), with a
 * throwaway config and state folder. No account, no network: telemetry off, local mode.
 */
export async function startWranglerDev(entry: string, options: { vars?: Record<string, string> } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'csvfn-wrangler-'));
  const config = join(dir, 'wrangler.json');
  writeFileSync(
    config,
    JSON.stringify({
      name: 'csvfn-test',
      main: entry,
      compatibility_date: COMPATIBILITY_DATE,
      vars: options.vars ?? {},
    }),
  );
  const child = spawn(
    process.execPath,
    [
      wranglerBin,
      'dev',
      '--config',
      config,
      '--ip',
      '127.0.0.1',
      '--port',
      '0',
      '--inspector-port',
      '0',
      '--show-interactive-dev-session=false',
    ],
    {
      cwd: dir,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const ready = /Ready on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (ready) resolve(ready[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`wrangler dev exited (${code}):\n${output}`)));
  });
  return {
    url,
    output: () => output,
    close: async () => {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  } satisfies WranglerDev;
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
