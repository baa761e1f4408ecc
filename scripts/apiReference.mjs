// `pnpm docs:api`: the API reference, generated from the TSDoc comments with TypeDoc, into
// docs/api/ (generated, not committed). Each published package is converted with its own
// tsconfig (core is Web-only, the adapters see Node's or Workers' types), its entry points read
// from its `exports`; the packages are then merged into one site. Fails on any warning: an
// export without a doc comment, a {@link} that points nowhere, a public type that names a type
// users cannot import.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, ReflectionKind } from 'typedoc';
import { entryPoints, publicPackages } from './workspacePackages.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const out = join(repoRoot, 'docs', 'api');

/** What every run checks, in each package and in the merged site. */
const strict = {
  validation: { notExported: true, invalidLink: true, notDocumented: true, rewrittenLink: true },
  treatWarningsAsErrors: true,
  requiredToBeDocumented: [
    'Enum',
    'EnumMember',
    'Variable',
    'Function',
    'Class',
    'Interface',
    'Property',
    'Method',
    'Accessor',
    'TypeAlias',
  ],
  excludePrivate: true,
  excludeInternal: true,
  // Source links point at the repository on GitHub; no git calls, so a copy without history works.
  disableGit: true,
  gitRevision: 'main',
  sourceLinkTemplate: 'https://github.com/csvfn/csvfn/blob/{gitRevision}/{path}#L{line}',
  basePath: repoRoot,
  logLevel: 'Warn',
  // Node's own comments (inherited by a request that extends IncomingMessage) show HTTP messages.
  highlightLanguages: [
    'bash',
    'console',
    'css',
    'html',
    'http',
    'javascript',
    'json',
    'jsonc',
    'shell',
    'sh',
    'ts',
    'typescript',
  ],
};

/** TypeDoc's file name for a module page: `@csvfn/core` is `_csvfn_core`. */
const moduleSlug = (name) => name.replace(/[@/]/g, '_');

/** Converts one package to TypeDoc's JSON model; the module names are the import specifiers. */
async function convertPackage(pkg, jsonPath) {
  const entries = entryPoints(pkg);
  const app = await Application.bootstrapWithPlugins({
    ...strict,
    // Core's recursive path type behind `ColumnKey`: `ColumnKey`'s own docs say what it allows.
    ...(pkg.manifest.name === '@csvfn/core' ? { intentionallyNotExported: ['LeafPaths', 'ArrayPaths'] } : {}),
    name: pkg.manifest.name,
    entryPoints: entries.map((entry) => entry.source),
    entryPointStrategy: 'resolve',
    tsconfig: join(pkg.dir, 'tsconfig.json'),
    // The package's README is its front page on npm and GitHub; here its exports speak (the README
    // links here, and its relative links would point nowhere in this site).
    readme: 'none',
    // A comment this package inherits from another csvfn package may link to a symbol of that one:
    // point it at that package's page of the merged site (all pages sit one folder down).
    externalSymbolLinkMappings: {
      ...Object.fromEntries(
        packages
          .filter((other) => other !== pkg)
          .map((other) => [
            other.manifest.name,
            { '*': `../modules/${moduleSlug(other.manifest.name)}.html` },
          ]),
      ),
      // Comments inherited from Node's own types (a request that extends IncomingMessage).
      '@types/node': { '*': 'https://nodejs.org/api/' },
    },
  });
  const project = await app.convert();
  if (!project) throw new Error(`${pkg.manifest.name}: TypeDoc could not convert it`);
  // With several entry points TypeDoc names each module by its path from basePath
  // ("packages/adapter-vercel/src/web"); name it as users import it.
  if (entries.length > 1) {
    const modulePath = (source) =>
      relative(repoRoot, source)
        .replace(/\.ts$/, '')
        .replace(/\/index$/, '');
    for (const module of project.getChildrenByKind(ReflectionKind.Module)) {
      const file = module.sources?.[0]?.fullFileName;
      const entry = entries.find((e) => e.source === file || modulePath(e.source) === module.name);
      if (!entry)
        throw new Error(`${pkg.manifest.name}: TypeDoc made a module ${module.name} of no entry point`);
      module.name = entry.specifier;
    }
  }
  app.options.setValue('intentionallyNotDocumented', inlineMembersWithoutComment(project, pkg.manifest.name));
  app.validate(project);
  if (app.logger.hasErrors() || app.logger.hasWarnings())
    throw new Error(`${pkg.manifest.name}: TypeDoc reported the problems above`);
  await app.generateJson(project, jsonPath);
}

/**
 * The members of inline object types (`requestContext: { requestId: string }`) that have no comment
 * of their own: the comment on the declaration that owns the type describes them. Every named
 * export, and every member of a named interface or class, still needs its own.
 */
function inlineMembersWithoutComment(project, packageName) {
  const names = [];
  const all = project.getReflectionsByKind(ReflectionKind.All);
  // TypeDoc matches by name: a name a documented reflection also has must not be listed.
  const documented = new Set(all.filter((r) => r.hasComment()).map((r) => r.getFriendlyFullName()));
  for (const reflection of all) {
    if (documented.has(reflection.getFriendlyFullName())) continue;
    if (reflection.hasComment() || !reflection.kindOf(ReflectionKind.Property | ReflectionKind.Method))
      continue;
    let inline = false;
    for (let owner = reflection.parent; owner; owner = owner.parent) {
      // TypeDoc never asks for documentation under a parameter: naming one would be a warning.
      if (owner.kindOf(ReflectionKind.Parameter)) {
        inline = false;
        break;
      }
      if (owner.kindOf(ReflectionKind.TypeLiteral)) inline = true;
    }
    // Nor for one it cannot trace to a symbol of this package (a type it re-exports from another).
    if (inline && project.getSymbolIdFromReflection(reflection)?.packageName === packageName)
      names.push(reflection.getFriendlyFullName());
  }
  return [...new Set(names)];
}

const packages = publicPackages(repoRoot);
const temp = await mkdtemp(join(tmpdir(), 'csvfn-api-'));
try {
  const jsons = [];
  const failures = [];
  for (const pkg of packages) {
    const jsonPath = join(temp, `${pkg.manifest.name.replace(/\W+/g, '-')}.json`);
    try {
      await convertPackage(pkg, jsonPath);
      jsons.push(jsonPath);
    } catch (error) {
      failures.push(error.message);
    }
  }
  if (failures.length) throw new Error(failures.join('\n'));

  const app = await Application.bootstrapWithPlugins({
    ...strict,
    name: 'csvfn',
    entryPoints: jsons,
    entryPointStrategy: 'merge',
    readme: join(repoRoot, 'docs', 'apiIndex.md'),
  });
  const project = await app.convert();
  if (!project) throw new Error('TypeDoc could not merge the packages');
  app.validate(project);
  if (app.logger.hasErrors() || app.logger.hasWarnings())
    throw new Error('TypeDoc reported the problems above');
  await rm(out, { recursive: true, force: true });
  await app.generateDocs(project, out);
  if (app.logger.hasErrors() || app.logger.hasWarnings())
    throw new Error('TypeDoc reported the problems above');
  console.log(`docs:api: ${packages.length} packages, no warnings -> ${relative(repoRoot, out)}/index.html`);
} catch (error) {
  console.error(`docs:api failed:\n${error.message}`);
  process.exitCode = 1;
} finally {
  await rm(temp, { recursive: true, force: true });
}
