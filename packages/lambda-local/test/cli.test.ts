import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/csvfn-lambda-local.js', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/function.mjs', import.meta.url));
const running: ChildProcess[] = [];
afterAll(() => {
  for (const child of running) child.kill();
});

/** Runs the command; resolves with its URL once it listens, or its exit code and stderr. */
function run(args: string[]): Promise<{ url?: string; code?: number | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stdout = '';
  let stderr = '';
  return new Promise((resolve) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const url = /http:\/\/\S+/.exec(stdout)?.[0];
      if (url) resolve({ url, stderr });
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('csvfn-lambda-local', () => {
  it('serves a module’s handler behind the chosen front door', async () => {
    const { url } = await run([fixture, '--port', '0', '--front-door', 'http-api']);
    const response = await fetch(`${url}/hello`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('POST /hello');
  });

  it('plays a new REST API unless --binary-media-types says otherwise', async () => {
    const base = [fixture, '--port', '0', '--front-door', 'rest-api', '--handler', 'base64Handler'];
    const plain = await run(base);
    expect(await (await fetch(`${plain.url}/`, { headers: { accept: '*/*' } })).text()).toBe('Ynl0ZXM=');
    const binary = await run([...base, '--binary-media-types', 'image/png, */*']);
    expect(await (await fetch(`${binary.url}/`, { headers: { accept: '*/*' } })).text()).toBe('bytes');
  });

  it('serves a streaming export, with the awslambda global in place before the module loads', async () => {
    const { url } = await run([fixture, '--port', '0', '--handler', 'streamingHandler']);
    const response = await fetch(`${url}/`);
    expect(await response.text()).toBe('streamed');
  });

  it('exits 2 with a reason on a bad export name or front door', async () => {
    const missing = await run([fixture, '--port', '0', '--handler', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('exports no function named "nope"');
    const door = await run([fixture, '--front-door', 'api-gateway']);
    expect(door.code).toBe(2);
    expect(door.stderr).toContain('Usage: csvfn-lambda-local');
  });
});
