import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * ReDoS audit: every regular expression in packages/*\/src, found by parsing the sources (a new
 * one is audited without anyone listing it), runs against long adversarial inputs: runs of each
 * character a pattern might repeat, then one it cannot match, so a backtracking engine has to
 * try every split. The static verdict per pattern (recheck) is in SECURITY.md.
 *
 * Each pattern runs in a worker thread that the test terminates when one input takes longer than
 * STUCK_MS. That bound is a correctness guard, not a speed assertion: a linear pattern takes a few
 * milliseconds on these inputs and a catastrophic one would take years, so any bound far between
 * the two tells them apart, on a slow or busy machine too.
 */

const ROOT = join(import.meta.dirname, '..');
const N = 100_000;
const STUCK_MS = 1_000;

interface Found {
  file: string;
  literal: string;
  regex: RegExp;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

function findRegexes(): { found: Found[]; dynamic: string[] } {
  const found: Found[] = [];
  const dynamic: string[] = [];
  for (const pkg of readdirSync(join(ROOT, 'packages'))) {
    const src = join(ROOT, 'packages', pkg, 'src');
    if (!statSync(src, { throwIfNoEntry: false })?.isDirectory()) continue;
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, 'utf8');
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node) => {
        if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
          const literal = node.getText();
          const slash = literal.lastIndexOf('/');
          const regex = new RegExp(literal.slice(1, slash), literal.slice(slash + 1));
          found.push({ file: relative(ROOT, file), literal, regex });
        } else if (
          (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
          node.expression.getText() === 'RegExp'
        ) {
          dynamic.push(`${relative(ROOT, file)}: ${node.getText()}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  return { found, dynamic };
}

/**
 * Patterns that are polynomial (quadratic) on their own, and why that is harmless; each is
 * proven at its call site instead (packages/core/test/boundedPatterns.test.ts).
 */
const BOUNDED: Record<string, string> = {
  '/[.\\s]+$/': 'filename.ts: runs on the download name after it is cut to 200 characters',
  '/([A-Z]+)([A-Z][a-z])/g': 'schema.ts humanizeKey: runs on the schema’s own keys, never on request input',
};

const UNITS = [
  ...' \t\n\r\0az0159.-+eE/\\",;:_=@%[{#|\'*\u00a0\u3000é😀',
  'aA',
  'a ',
  '. ',
  '1.',
  '1e',
  'A-',
  '\\"',
  'a.',
  ': ',
  'a1',
  '-1',
  'A_',
  'a/',
  'Aa',
];
/** For anchored patterns: the starts they look for, so the run reaches the repeated part. */
const PREFIXES = [
  '',
  'Bearer ',
  'bearer ',
  'application/',
  'text/',
  '/2015-03-31/functions/',
  '/2021-11-15/functions/',
  'Unexpected ',
  'Unexpected "',
  '127.',
  '[',
  '#/$defs/',
];
/** Each unit repeated to N characters, then one character no pattern expects, then the unit once more. */
const PUMPS = UNITS.flatMap((unit) => {
  const repeat = Math.ceil(N / unit.length);
  const label = `${JSON.stringify(unit)} x ${repeat}`;
  return [
    { unit, repeat, tail: '\u0001', label: `${label} + \\u0001` },
    { unit, repeat, tail: `\u0001${unit}`, label: `${label} + \\u0001 + ${JSON.stringify(unit)}` },
  ];
});

/**
 * Runs `regex` over every input in a worker; resolves `finished`, or the input it was still on
 * after STUCK_MS (the worker is then terminated).
 */
function runInWorker(regex: RegExp, prefixes: readonly string[]): Promise<string> {
  const worker = new Worker(new URL('./redosWorker.mjs', import.meta.url), {
    workerData: { source: regex.source, flags: regex.flags, prefixes, pumps: PUMPS },
  });
  return new Promise<string>((resolve, reject) => {
    let current = 'worker start-up';
    let watchdog: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        void worker.terminate();
        resolve(`still running after ${STUCK_MS} ms on ${current}`);
      }, STUCK_MS);
    };
    worker.on('message', (message: { started?: string; done?: boolean }) => {
      if (message.done) {
        clearTimeout(watchdog);
        void worker.terminate();
        resolve('finished');
      } else if (message.started !== undefined) {
        current = message.started;
        arm();
      }
    });
    worker.on('error', (error) => {
      clearTimeout(watchdog);
      reject(error);
    });
  });
}

describe('ReDoS: every regular expression in packages/*/src', () => {
  const { found, dynamic } = findRegexes();

  it('builds no pattern from a string at run time (a dynamic pattern could not be audited)', () => {
    expect(dynamic).toEqual([]);
    expect(found.length).toBeGreaterThan(20);
  });

  it.each(
    found.filter(({ literal }) => !(literal in BOUNDED)).map((f) => [`${f.file} ${f.literal}`, f] as const),
  )(`finishes each 100,000-character adversarial input within ${STUCK_MS} ms: %s`, async (_, { regex }) => {
    const anchored = regex.source.startsWith('^');
    expect(await runInWorker(regex, anchored ? PREFIXES : [''])).toBe('finished');
  });

  it('lists only bounded patterns that still exist', () => {
    const literals = new Set(found.map((f) => f.literal));
    for (const literal of Object.keys(BOUNDED)) expect(literals, BOUNDED[literal]).toContain(literal);
  });
});
