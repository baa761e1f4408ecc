// The code blocks of the repository's READMEs and docs/, and the convention that keeps them honest:
// a TypeScript or JavaScript block is typechecked against the built packages (readmeCodeBlocks.test.ts);
// a block marked `run` (```ts run, ```sh run) is also executed by docRuns.test.ts, and the
// ```text output block right after it, if any, is compared with what it prints; any other block
// (a deploy command, a config) says `illustrative` after its language, as in ```sh illustrative,
// and is shown as written. An unmarked block of any other kind fails.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One fenced block: where it is, its language and flags, and its text. */
export interface CodeBlock {
  /** Path from the repository root, e.g. `packages/core/README.md`. */
  file: string;
  /** Line of the opening fence (1-based). */
  line: number;
  /** The first word of the info string, lower case (`ts`, `sh`, `` for none). */
  lang: string;
  /** The rest of the info string, e.g. `['illustrative']`. */
  flags: string[];
  /** The lines between the fences. */
  code: string;
}

/** The languages typechecked as modules; the value is the file extension to check them as. */
export const CHECKED_LANGS: Record<string, string> = {
  ts: 'ts',
  typescript: 'ts',
  js: 'mjs',
  javascript: 'mjs',
  mjs: 'mjs',
};

/** The flag that marks a block as shown, not run. */
export const ILLUSTRATIVE = 'illustrative';
/** The flag that marks a block as executed by docRuns.test.ts. */
export const RUN = 'run';
/** The flag of a ```text block that shows what the `run` block before it prints. */
export const OUTPUT = 'output';

/** Every README.md in the repository and every Markdown file under docs/ (tracked, or new and not ignored). */
export function readmeFiles(repoRoot: string): string[] {
  return execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*README.md', 'docs/*.md', 'SECURITY.md'],
    { cwd: repoRoot },
  )
    .toString()
    .split('\n')
    .filter((path) => path.endsWith('.md'));
}

/** The fenced code blocks of one Markdown file (``` or ~~~, CommonMark's rules for closing). */
export function codeBlocks(repoRoot: string, file: string): CodeBlock[] {
  const lines = readFileSync(join(repoRoot, file), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const [lang = '', ...flags] = open[2]!.trim().split(/\s+/).filter(Boolean);
    const body: string[] = [];
    let j = i + 1;
    const close = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    while (j < lines.length && !close.test(lines[j]!)) body.push(lines[j++]!);
    blocks.push({ file, line: i + 1, lang: lang.toLowerCase(), flags, code: body.join('\n') });
    i = j;
  }
  return blocks;
}

/** Every workspace node_modules folder, for the third-party imports a block makes (zod, aws-lambda…). */
export function workspaceNodeModules(repoRoot: string): string[] {
  const dirs = [join(repoRoot, 'node_modules')];
  for (const group of ['packages', 'examples']) {
    for (const entry of readdirSync(join(repoRoot, group))) {
      const dir = join(repoRoot, group, entry, 'node_modules');
      if (existsSync(dir)) dirs.push(dir);
    }
  }
  return dirs;
}
