import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { createCsvHandler, humanizeKey } from '../src/index.js';

/**
 * ReDoS audit: every regular expression in packages/*\/src, found by parsing the sources (a new
 * one is audited without anyone listing it), runs against long adversarial inputs: runs of each
 * character a pattern might repeat, then one it cannot match, so a backtracking engine has to
 * try every split. A catastrophic (exponential) pattern never finishes on these; the static
 * verdict per pattern (recheck) is in SECURITY.md. No timing is asserted: finishing is the proof.
 */

const ROOT = join(import.meta.dirname, '../../..');
const N = 100_000;

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
 * proven at its call site below instead of on 100,000 characters here.
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
const pumps = UNITS.flatMap((unit) => {
  const run = unit.repeat(Math.ceil(N / unit.length));
  return [`${run}\u0001`, `${run}\u0001${unit}`];
});

describe('ReDoS: every regular expression in packages/*/src', () => {
  const { found, dynamic } = findRegexes();

  it('builds no pattern from a string at run time (a dynamic pattern could not be audited)', () => {
    expect(dynamic).toEqual([]);
    expect(found.length).toBeGreaterThan(20);
  });

  it.each(
    found.filter(({ literal }) => !(literal in BOUNDED)).map((f) => [`${f.file} ${f.literal}`, f] as const),
  )('finishes on 100,000-character adversarial inputs: %s', (_, { regex }) => {
    // Search every position (not just where a sticky pattern is pointed), as `replace` would.
    const global = new RegExp(regex.source, regex.flags.replace('y', '').replace('g', '') + 'g');
    const anchored = regex.source.startsWith('^');
    let matches = 0;
    for (const prefix of anchored ? PREFIXES : ['']) {
      for (const pump of pumps) {
        const input = prefix + pump;
        matches += input.replace(global, '').length === input.length ? 0 : 1;
        global.lastIndex = 0;
        if (regex.test(input)) matches++;
        regex.lastIndex = 0;
      }
    }
    expect(matches).toBeGreaterThanOrEqual(0);
  });

  it('lists only bounded patterns that still exist', () => {
    const literals = new Set(found.map((f) => f.literal));
    for (const literal of Object.keys(BOUNDED)) expect(literals, BOUNDED[literal]).toContain(literal);
  });
});

describe('ReDoS: the bounded patterns at their call sites', () => {
  it('a 100,000-character filename of dots and spaces is cut before the trailing-dots pattern sees it', async () => {
    const handler = createCsvHandler({ logger: false });
    for (const unit of ['. ', '.', ' ', '\t', '.\u3000']) {
      const name = `a${unit.repeat(50_000)}\u0001`;
      const response = await handler(
        new Request(`http://x/api?filename=${encodeURIComponent(name)}`, {
          method: 'POST',
          body: '[]',
          headers: { 'content-type': 'application/json' },
        }),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')!.length).toBeLessThan(1000);
    }
  });

  it('humanizeKey handles any realistic key (it never sees request input)', () => {
    expect(humanizeKey(`${'A'.repeat(2000)}b`)).toBe(`${'A'.repeat(1999)} Ab`);
    expect(humanizeKey('HTTPStatusCode')).toBe('HTTP Status Code');
  });
});
