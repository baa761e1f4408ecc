import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// A real Node process in which @aws-sdk/client-lambda cannot be resolved, as for a user who
// installed @csvfn/client for HTTP only: a module hook refuses that one specifier.
const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === '@aws-sdk/client-lambda') {
    throw Object.assign(new Error("Cannot find package '@aws-sdk/client-lambda'"), { code: 'ERR_MODULE_NOT_FOUND' });
  }
  return next(specifier, context);
}`;
const dist = (entry: string) => fileURLToPath(new URL(`../dist/${entry}.js`, import.meta.url));

async function runWithoutSdk(script: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'csvfn-client-'));
  try {
    await writeFile(join(dir, 'hooks.mjs'), hooks);
    await writeFile(
      join(dir, 'register.mjs'),
      `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
    );
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', pathToFileURL(join(dir, 'register.mjs')).href, '--input-type=module', '-e', script],
      { timeout: 30_000 },
    );
    return stdout.trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('@aws-sdk/client-lambda is an optional peer', () => {
  it('loads, and makes an HTTP client, without it; Invoke says to install it', async () => {
    const output = await runWithoutSdk(`
      const { createClient } = await import(${JSON.stringify(dist('index'))});
      const { createInvoker } = await import(${JSON.stringify(dist('lambda'))});
      createClient({ url: 'http://127.0.0.1:1' });
      const invoker = createInvoker({ functionName: 'csvfn', clientConfig: { endpoint: 'http://127.0.0.1:1' } });
      try { await invoker.convert([]); console.log('no error'); } catch (error) { console.log(error.message); }
    `);
    expect(output).toBe(
      '@csvfn/client: Lambda Invoke needs the optional peer dependency @aws-sdk/client-lambda; install it (npm install @aws-sdk/client-lambda).',
    );
  });
});
