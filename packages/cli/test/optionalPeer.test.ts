// The CLI installed as a user gets it: its dependencies, but not its optional peers (the AWS SDK,
// tsx). A copy of the built package beside links to exactly its dependencies, so Node finds no
// workspace copy of either; `convert` must not need them, and the commands that do say what to install.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, PACKAGE_DIR } from './cli.js';

let dir: string;
let bin: string;

beforeAll(async () => {
  assertBuilt();
  dir = await mkdtemp(join(tmpdir(), 'csvfn-no-peers-'));
  const manifest = JSON.parse(await readFile(join(PACKAGE_DIR, 'package.json'), 'utf8'));
  const installed = join(dir, 'node_modules', '@csvfn', 'cli');
  await mkdir(installed, { recursive: true });
  for (const part of ['package.json', 'bin', 'dist', 'playground'])
    await cp(join(PACKAGE_DIR, part), join(installed, part), { recursive: true });
  for (const name of Object.keys(manifest.dependencies)) {
    const link = join(dir, 'node_modules', name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(await realpath(join(PACKAGE_DIR, 'node_modules', name)), link);
  }
  bin = join(installed, 'bin', 'csvfn.js');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function run(args: string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('@csvfn/cli without its optional peers', () => {
  it('declares the AWS SDK and tsx as optional peers, not dependencies', async () => {
    const manifest = JSON.parse(await readFile(join(PACKAGE_DIR, 'package.json'), 'utf8'));
    for (const name of ['@aws-sdk/client-lambda', 'tsx']) {
      expect(manifest.dependencies[name]).toBeUndefined();
      expect(manifest.peerDependencies[name]).toBeDefined();
      expect(manifest.peerDependenciesMeta[name]).toEqual({ optional: true });
      expect(existsSync(join(dir, 'node_modules', name))).toBe(false);
    }
  });

  it('converts', async () => {
    const result = await run(['convert'], '[{"a":1},{"a":2,"b":3}]');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('a,b\r\n1,\r\n2,3\r\n');
  });

  it('invoke names the AWS SDK to install', async () => {
    const result = await run(['invoke', '--function', 'csvfn', '--endpoint', 'http://127.0.0.1:9'], '[]');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'csvfn: csvfn invoke needs @aws-sdk/client-lambda, which is not installed: npm install @aws-sdk/client-lambda (an optional peer dependency of @csvfn/cli)\n',
    );
  });

  it('a TypeScript schema names tsx to install; a JavaScript one needs nothing', async () => {
    await writeFile(join(dir, 'schema.ts'), 'export default {};\n');
    const ts = await run(['convert', '--schema', 'schema.ts'], '[]');
    expect(ts.code).toBe(2);
    expect(ts.stderr).toBe(
      'csvfn: a TypeScript schema (--schema *.ts) needs tsx, which is not installed: npm install tsx (an optional peer dependency of @csvfn/cli)\n',
    );
    await writeFile(
      join(dir, 'schema.mjs'),
      "import * as z from 'zod';\nexport default z.object({ id: z.number() });\n",
    );
    const js = await run(['convert', '--schema', 'schema.mjs'], '[{"id":7}]');
    expect(js.stderr).toBe('');
    expect(js.stdout).toBe('Id\r\n7\r\n');
  });
});
