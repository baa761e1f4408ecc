import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Every module an entry reaches through relative imports, with its source. */
function moduleGraph(entry: URL): Map<string, string> {
  const seen = new Map<string, string>();
  const visit = (url: URL) => {
    if (seen.has(url.pathname)) return;
    const source = readFileSync(url, 'utf8');
    seen.set(url.pathname, source);
    for (const [, path] of source.matchAll(/from '(\.[^']+)\.js'/g)) visit(new URL(`${path}.ts`, url));
  };
  visit(entry);
  return seen;
}

const staticImports = (source: string) =>
  [...source.matchAll(/^(?:import|export) (?!type)[^;]*? from '([^']+)'/gm)].map((match) => match[1]!);

describe('entry points', () => {
  it('@csvfn/client reaches nothing but its own Web-standard modules: no package, no Node, no Lambda', () => {
    const graph = moduleGraph(new URL('../src/index.ts', import.meta.url));
    expect(graph.size).toBeGreaterThan(4);
    for (const [path, source] of graph) {
      expect(path).not.toMatch(/\/lambda\//);
      expect(
        staticImports(source).filter((specifier) => !specifier.startsWith('.')),
        path,
      ).toEqual([]);
      expect(source, path).not.toMatch(/\bBuffer\b|\bprocess\.|import\(/);
    }
  });

  // @aws-sdk/client-lambda is an optional peer: no module may import it statically.
  it('@csvfn/client/lambda imports the SDK only dynamically, on the Invoke path', () => {
    const graph = moduleGraph(new URL('../src/lambda/index.ts', import.meta.url));
    expect(graph.size).toBeGreaterThan(6);
    for (const [path, source] of graph) {
      expect(
        staticImports(source).filter((specifier) => !specifier.startsWith('.')),
        path,
      ).toEqual([]);
      expect(source, path).not.toMatch(/\bBuffer\b/);
    }
    expect(readFileSync(new URL('../src/lambda/invoker.ts', import.meta.url), 'utf8')).toContain(
      "import('@aws-sdk/client-lambda')",
    );
  });

  // The build splits the shared modules into one chunk, so `instanceof ProblemError` holds
  // whichever entry a caller imported it from, in ESM and in CJS.
  it('the built entries share one ProblemError', async () => {
    const esm = (entry: string) => import(new URL(`../dist/${entry}.js`, import.meta.url).href);
    expect((await esm('index')).ProblemError).toBe((await esm('lambda')).ProblemError);
    const cjs = (entry: string) =>
      createRequire(import.meta.url)(fileURLToPath(new URL(`../dist/${entry}.cjs`, import.meta.url)));
    expect(cjs('index').ProblemError).toBe(cjs('lambda').ProblemError);
  });
});
