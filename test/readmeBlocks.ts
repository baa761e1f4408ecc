// The code blocks of the repository's READMEs, and the convention that keeps them honest: a
// TypeScript or JavaScript block is typechecked against the built packages (readmeCodeBlocks.test.ts);
// any other block (a shell session, an answer, a config) says `illustrative` after its language,
// as in ```sh illustrative, and is shown as written. An unmarked block of any other kind fails.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** Guides under docs/ whose code blocks are held to the same convention as a README's. */
const CHECKED_GUIDES = ['docs/telemetry.md'];

/** Every README.md in the repository (tracked, or new and not ignored), and the checked guides. */
export function readmeFiles(repoRoot: string): string[] {
  return execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '*README.md', ...CHECKED_GUIDES],
    { cwd: repoRoot },
  )
    .toString()
    .split('\n')
    .filter((path) => path.endsWith('README.md') || CHECKED_GUIDES.includes(path));
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
