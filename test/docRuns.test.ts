// Docs that cannot drift: every block marked `run` in a README or docs/*.md is executed here, and
// the ```text output block after it, if any, must be exactly what it prints (CR aside: a CSV's
// CRLF record ends are shown as line ends). TypeScript/JavaScript blocks are bundled with esbuild
// against the built packages and run with node; shell blocks run in bash from the repository root,
// with `localhost:3000` pointed at a `csvfn serve --schema employee` started for the test, which
// is what `pnpm start` serves.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicPackages } from '../scripts/workspacePackages.mjs';
import {
  CHECKED_LANGS,
  type CodeBlock,
  codeBlocks,
  OUTPUT,
  RUN,
  readmeFiles,
  workspaceNodeModules,
} from './readmeBlocks.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const workDir = join(repoRoot, 'node_modules', '.cache', 'csvfn-doc-runs');
const run = promisify(execFile);

interface Runnable {
  block: CodeBlock;
  /** The ```text output block that follows it, if any. */
  output?: CodeBlock;
}

const runnables: Runnable[] = readmeFiles(repoRoot).flatMap((file) => {
  const blocks = codeBlocks(repoRoot, file);
  return blocks.flatMap((block, i) => {
    if (!block.flags.includes(RUN)) return [];
    const next = blocks[i + 1];
    return [{ block, output: next?.flags.includes(OUTPUT) ? next : undefined }];
  });
});
const where = ({ file, line }: CodeBlock) => `${file}:${line}`;

/** esbuild, as tsup brings it (the one call used here, typed by hand: esbuild is not a root dependency). */
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsup/package.json'))('esbuild') as {
  build(options: Record<string, unknown>): Promise<unknown>;
};

let server: ChildProcess | undefined;
let serverOrigin = '';

beforeAll(async () => {
  await rm(workDir, { recursive: true, force: true });
  // Each @csvfn package where a user's node_modules would have it, so its `exports` apply.
  await mkdir(join(workDir, 'node_modules', '@csvfn'), { recursive: true });
  for (const pkg of publicPackages(repoRoot)) {
    await symlink(pkg.dir, join(workDir, 'node_modules', pkg.manifest.name));
  }
  if (!runnables.some(({ block }) => !(block.lang in CHECKED_LANGS))) return;
  server = spawn(
    process.execPath,
    ['packages/cli/bin/csvfn.js', 'serve', '--schema', 'employee', '--port', '0'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let printed = '';
  serverOrigin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`csvfn serve printed no address within 30 s:\n${printed}`)),
      30_000,
    );
    server!.stdout!.on('data', (chunk) => {
      printed += chunk;
      const origin = /serving on (http:\/\/[^\s]+)/.exec(printed)?.[1];
      if (origin) {
        clearTimeout(timer);
        resolve(origin);
      }
    });
    server!.once('exit', (code) => reject(new Error(`csvfn serve exited (${code}):\n${printed}`)));
  });
}, 60_000);

afterAll(() => {
  server?.kill('SIGTERM');
});

/** What a block prints: a TypeScript/JavaScript module, or a shell session against the test server. */
async function execute(block: CodeBlock): Promise<string> {
  if (block.lang in CHECKED_LANGS) {
    const slug = `${block.file.replace(/\W+/g, '-')}-L${block.line}`;
    const source = join(workDir, `${slug}.${block.lang.startsWith('t') ? 'ts' : 'mjs'}`);
    const bundle = join(workDir, `${slug}.bundle.mjs`);
    await writeFile(source, `${block.code}\nexport {};\n`);
    await esbuild.build({
      entryPoints: [source],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      nodePaths: workspaceNodeModules(repoRoot),
      logLevel: 'silent',
      // A bundled CommonJS dependency may require a Node built-in.
      banner: {
        js: "import { createRequire as __docRequire } from 'node:module'; const require = __docRequire(import.meta.url);",
      },
    });
    // From the doc's own folder, so a block may read a file beside it (examples/lambda/event.json).
    const cwd = dirname(join(repoRoot, block.file));
    const { stdout } = await run(process.execPath, [bundle], { cwd, timeout: 60_000 });
    return stdout;
  }
  const script = block.code.replaceAll(
    /(localhost|127\.0\.0\.1):3000/g,
    serverOrigin.replace(/^http:\/\//, ''),
  );
  const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], {
    cwd: repoRoot,
    timeout: 60_000,
  });
  return stdout;
}

/** Output as a doc shows it: no CR, no trailing blank lines. */
const shown = (text: string) => text.replaceAll('\r', '').replace(/\n+$/, '');

describe('doc blocks marked run', () => {
  it('finds them: the quick start and the options reference', () => {
    const files = new Set(runnables.map(({ block }) => block.file));
    expect(files.has('README.md')).toBe(true);
    expect(files.has('docs/options.md')).toBe(true);
  });

  it.each(runnables.map((runnable) => [where(runnable.block), runnable] as const))(
    '%s runs and prints what the doc shows',
    async (_where, { block, output }) => {
      const printed = await execute(block);
      if (output) expect(shown(printed)).toBe(shown(output.code));
    },
    90_000,
  );
});
