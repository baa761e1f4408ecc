// Docs a user can follow verbatim: every TypeScript/JavaScript block of every README compiles, as
// its own module, against the built packages (what `npm install` gives), and every other block is
// marked illustrative (see readmeBlocks.ts). A Workers block is checked with the Env that
// `wrangler types` generates from the wrangler config shown in the same README, so a binding or
// secret the code reads but the config does not declare fails here.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { entryPoints, publicPackages } from '../scripts/workspacePackages.mjs';
import {
  CHECKED_LANGS,
  type CodeBlock,
  codeBlocks,
  ILLUSTRATIVE,
  OUTPUT,
  RUN,
  readmeFiles,
  workspaceNodeModules,
} from './readmeBlocks.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
// Under the root node_modules, so @types/node resolves as it does for a user's project.
const workDir = join(repoRoot, 'node_modules', '.cache', 'csvfn-readme-blocks');

const blocks = readmeFiles(repoRoot).flatMap((file) => codeBlocks(repoRoot, file));
const where = (block: CodeBlock) => `${block.file}:${block.line} (${block.lang || 'no language'})`;

/** A wrangler config shown in a README: checked by `wrangler types`, which also gives the Env. */
const isWranglerConfig = (block: CodeBlock) =>
  (block.lang === 'jsonc' || block.lang === 'json') && /"compatibility_date"/.test(block.code);
const isChecked = (block: CodeBlock) => block.lang in CHECKED_LANGS && !block.flags.includes(ILLUSTRATIVE);
const isWorkers = (block: CodeBlock) =>
  /@csvfn\/adapter-workers/.test(block.code) || /(^|\/)(adapter-)?workers\//.test(block.file);

/** `paths` that send each @csvfn entry to its built declarations, anything else to the workspace. */
function compilerPaths(): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  for (const pkg of publicPackages(repoRoot)) {
    for (const { specifier } of entryPoints(pkg)) {
      const subpath =
        specifier === pkg.manifest.name ? '.' : `./${specifier.slice(pkg.manifest.name.length + 1)}`;
      const target = (pkg.manifest.exports as Record<string, any>)[subpath];
      const types = target?.import?.types ?? target?.types;
      if (!types) throw new Error(`${specifier} declares no types`);
      paths[specifier] = [join(pkg.dir, types)];
    }
  }
  const modules = workspaceNodeModules(repoRoot);
  paths['*'] = [...modules.map((dir) => join(dir, '*')), ...modules.map((dir) => join(dir, '@types', '*'))];
  return paths;
}

function findInWorkspace(relativePath: string): string {
  const found = workspaceNodeModules(repoRoot)
    .map((dir) => join(dir, relativePath))
    .find(existsSync);
  if (!found) throw new Error(`no workspace package has ${relativePath}`);
  return found;
}

interface Program {
  dir: string;
  files: Map<string, CodeBlock>;
}

/** Writes one block per module file into a program folder with its tsconfig. */
async function writeProgram(name: string, members: CodeBlock[], env: 'node' | 'workers'): Promise<Program> {
  const dir = join(workDir, name);
  await mkdir(dir, { recursive: true });
  const files = new Map<string, CodeBlock>();
  for (const block of members) {
    const slug = block.file.replace(/README\.md$/, '').replace(/\W+/g, '-') || 'root-';
    const file = `${slug}L${block.line}.${CHECKED_LANGS[block.lang]}`;
    files.set(file, block);
    // `export {}` keeps a block without imports a module of its own, as a file of a user's would be.
    await writeFile(join(dir, file), `${block.code}\nexport {};\n`);
  }
  const include = [...files.keys()];
  if (env === 'workers') {
    const workersTypes = findInWorkspace('@cloudflare/workers-types/index.d.ts');
    await writeFile(join(dir, 'runtime.d.ts'), `/// <reference path="${workersTypes}" />\n`);
    include.push('runtime.d.ts');
    if (existsSync(join(dir, 'worker-configuration.d.ts'))) include.push('worker-configuration.d.ts');
  }
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        module: 'Preserve',
        moduleResolution: 'Bundler',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        allowJs: true,
        checkJs: true,
        isolatedModules: true,
        types: env === 'node' ? ['node'] : [],
        paths: compilerPaths(),
      },
      files: include,
    }),
  );
  return { dir, files };
}

/** tsc's errors, each located in its README. */
async function typecheck({ dir, files }: Program): Promise<string[]> {
  try {
    await promisify(execFile)(
      process.execPath,
      [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'],
      {
        cwd: dir,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return [];
  } catch (error) {
    const output = String((error as { stdout?: string }).stdout ?? error);
    return output
      .split('\n')
      .filter((line) => line.includes('error TS'))
      .map((line) => {
        const at = /^(.+?)\((\d+),(\d+)\): (.*)$/.exec(line);
        const block = at && files.get(at[1]!);
        return block ? `${block.file}:${block.line + Number(at![2])}:${at![3]} ${at![4]}` : line;
      });
  }
}

/** `wrangler types` for the wrangler config shown beside the Workers blocks of one README. */
async function wranglerTypes(config: CodeBlock, outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const configPath = join(outDir, 'wrangler.jsonc');
  await writeFile(configPath, config.code);
  const wrangler = findInWorkspace('wrangler/bin/wrangler.js');
  await promisify(execFile)(
    process.execPath,
    [
      wrangler,
      'types',
      '--config',
      configPath,
      '--include-runtime=false',
      join(outDir, 'worker-configuration.d.ts'),
    ],
    { cwd: outDir, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' } },
  );
}

describe('README code blocks', () => {
  it('finds the READMEs and their blocks', () => {
    expect(blocks.some((block) => block.file === 'README.md')).toBe(true);
    expect(blocks.filter(isChecked).length).toBeGreaterThan(10);
  });

  it('every block is typechecked, run, a wrangler config, or marked illustrative', () => {
    const unmarked = blocks.filter(
      (block) =>
        !isChecked(block) &&
        !isWranglerConfig(block) &&
        !block.flags.includes(ILLUSTRATIVE) &&
        !block.flags.includes(RUN) &&
        !block.flags.includes(OUTPUT),
    );
    expect(
      unmarked.map(where),
      `mark each as shown only (e.g. \`\`\`sh ${ILLUSTRATIVE}) or make it a checked ts/js block`,
    ).toEqual([]);
  });

  it('every TypeScript and JavaScript block compiles against the built packages', async () => {
    await rm(workDir, { recursive: true, force: true });
    const checked = blocks.filter(isChecked);
    const programs: Program[] = [];
    programs.push(
      await writeProgram(
        'node',
        checked.filter((block) => !isWorkers(block)),
        'node',
      ),
    );
    // One Workers program per README, with the Env its own wrangler config gives.
    const workersFiles = [...new Set(checked.filter(isWorkers).map((block) => block.file))];
    for (const [i, file] of workersFiles.entries()) {
      const name = `workers-${i}`;
      const config = blocks.find((block) => block.file === file && isWranglerConfig(block));
      if (config) await wranglerTypes(config, join(workDir, name));
      programs.push(
        await writeProgram(
          name,
          checked.filter((block) => isWorkers(block) && block.file === file),
          'workers',
        ),
      );
    }
    const errors = (await Promise.all(programs.map(typecheck))).flat();
    expect(errors).toEqual([]);
  }, 180_000);
});
