import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The workspace's package graph, test code included: every csvfn package a file imports must be
 * declared in its package.json, and the declared graph has no cycle (a cycle through test code
 * makes builds order-dependent and hides the layering Biome checks file by file).
 */
const ROOT = join(import.meta.dirname, '..');
const GROUPS = ['packages', 'examples'];
const SINGLES = ['conformance', 'harness', 'bench'];
const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/;
const SKIP = new Set(['node_modules', 'dist', '.wrangler', '.vercel', 'fixtures', 'coverage']);

interface Workspace {
  name: string;
  dir: string;
  declared: Set<string>;
}

function workspaces(): Workspace[] {
  const dirs = [
    ...GROUPS.flatMap((group) => readdirSync(join(ROOT, group)).map((name) => join(ROOT, group, name))),
    ...SINGLES.map((name) => join(ROOT, name)),
  ];
  return dirs.flatMap((dir) => {
    let manifest: Record<string, any>;
    try {
      manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    } catch {
      return [];
    }
    const declared = new Set(DEPENDENCY_FIELDS.flatMap((field) => Object.keys(manifest[field] ?? {})));
    return [{ name: manifest.name as string, dir, declared }];
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    if (SKIP.has(entry)) return [];
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return SOURCE.test(entry) ? [path] : [];
  });
}

/**
 * `@csvfn/x` out of `from '@csvfn/x/sub'`, `import('@csvfn/x')` and `require('@csvfn/x')`, in code
 * only: TSDoc examples and comments name packages a user imports, not this one.
 */
function importedCsvfnPackages(text: string): string[] {
  const code = text.replace(/^\s*(?:\*|\/\/|\/\*).*$/gm, '');
  const found = code.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](@csvfn\/[a-z0-9-]+)/g);
  return [...found].map((match) => match[1]!);
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('workspace package graph', () => {
  const all = workspaces();
  const names = new Set(all.map((workspace) => workspace.name));

  it('finds the packages', () => {
    expect(names).toContain('@csvfn/core');
    expect(names).toContain('@csvfn/platform');
    expect(all.length).toBeGreaterThan(8);
  });

  it('every csvfn package a file imports is declared in its package.json', () => {
    const undeclared: string[] = [];
    for (const workspace of all) {
      for (const file of sourceFiles(workspace.dir)) {
        for (const imported of importedCsvfnPackages(readFileSync(file, 'utf8'))) {
          if (imported !== workspace.name && names.has(imported) && !workspace.declared.has(imported))
            undeclared.push(`${relative(ROOT, file)} imports ${imported}`);
        }
      }
    }
    expect(undeclared).toEqual([]);
  });

  it('has no cycle, dev and peer dependencies included', () => {
    const graph = new Map(
      all.map((workspace) => [workspace.name, [...workspace.declared].filter((name) => names.has(name))]),
    );
    expect(findCycle(graph)).toBeUndefined();
  });

  it('the cycle finder sees a cycle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ]);
    expect(findCycle(graph)).toEqual(['a', 'b', 'c', 'a']);
  });
});
