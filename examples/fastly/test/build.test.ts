import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// No Fastly host runs here (`fastly compute serve` needs Viceroy, which the Fastly CLI downloads):
// what can be shown is that the service compiles. The compile takes about 45 s, so this is a
// full-tier test only. On a fresh machine it first installs runtimes/fastly (npm ci, 1–2 min).
const here = fileURLToPath(new URL('..', import.meta.url));

describe('examples/fastly', () => {
  it('pnpm build compiles the service to a WebAssembly module (bin/main.wasm)', () => {
    rmSync(`${here}bin`, { recursive: true, force: true });
    // As `pnpm build` runs it, less the build of @csvfn/core, which the test run has just done.
    execFileSync(process.execPath, ['build.mjs'], { cwd: here, stdio: 'pipe' });
    const wasm = readFileSync(`${here}bin/main.wasm`);
    // A WebAssembly binary: "\0asm", then version 1.
    expect([...wasm.subarray(0, 8)]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    // The JavaScript engine is most of it (about 11 MB); far under Fastly's 100 MB package limit.
    expect(statSync(`${here}bin/main.wasm`).size).toBeLessThan(100 * 1_000_000);
    // The bundle inside is csvfn's: its problem type URNs are in the code it compiled.
    expect(readFileSync(`${here}dist/index.js`, 'utf8')).toContain('urn:csvfn:problem:');
  }, 540_000);
});
