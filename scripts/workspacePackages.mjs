// The packages csvfn publishes: every package under packages/ that is not private. One list for
// the release rehearsal, the API reference and the README checks, so a new package is in all three.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every non-private package under `<root>/packages`, sorted by name: `{ dir, manifest }`. */
export function publicPackages(root) {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
    .map((entry) => {
      const dir = join(packagesDir, entry.name);
      return { dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) };
    })
    .filter(({ manifest }) => !manifest.private)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/**
 * A package's public entry points: each subpath of its `exports` (JSON aside) with the source
 * file it is built from (`./dist/web.js` from `src/web.ts` or `src/web/index.ts`).
 */
export function entryPoints({ dir, manifest }) {
  const exportsField = manifest.exports ?? { '.': manifest.main };
  const map = typeof exportsField === 'string' ? { '.': exportsField } : exportsField;
  return Object.entries(map)
    .filter(([subpath]) => !subpath.endsWith('.json'))
    .map(([subpath, target]) => {
      const built = firstPath(target);
      const stem = /dist\/(.+)\.[cm]?js$/.exec(built ?? '')?.[1];
      const source = [`src/${stem}.ts`, `src/${stem}/index.ts`]
        .map((path) => join(dir, path))
        .find(existsSync);
      if (!source) throw new Error(`${manifest.name}: no source for the export ${subpath} (${built})`);
      const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      return { specifier, source };
    });
}

/** The first file path in an exports target (`import.default`, then anything). */
function firstPath(target) {
  if (typeof target === 'string') return target;
  if (!target || typeof target !== 'object') return undefined;
  for (const key of ['import', 'default', 'require']) if (key in target) return firstPath(target[key]);
  return Object.values(target).map(firstPath).find(Boolean);
}
