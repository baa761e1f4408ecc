import { cp, mkdir, mkdtemp, readFile, readlink, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface VcConfig {
  handler: string;
  runtime: string;
  memory?: number;
  maxDuration?: number;
  shouldAddHelpers?: boolean;
  launcherType?: string;
  filePathMap?: Record<string, string>;
}

/**
 * Loads a function from Vercel's Build Output as Vercel lays it out: the `.func` folder copied
 * alone, with each `filePathMap` entry (a workspace symlink Vercel uploads as a link) recreated.
 * Nothing resolves from the repository, so a file the build left out fails the import.
 */
export async function loadBuiltFunction(
  funcDir: string,
  repoRoot: string,
): Promise<{ config: VcConfig; handler: unknown; dispose(): Promise<void> }> {
  const config = JSON.parse(await readFile(join(funcDir, '.vc-config.json'), 'utf8')) as VcConfig;
  const copy = await mkdtemp(join(tmpdir(), 'csvfn-func-'));
  await cp(funcDir, copy, { recursive: true });
  for (const path of Object.keys(config.filePathMap ?? {})) {
    await mkdir(dirname(join(copy, path)), { recursive: true });
    await symlink(await readlink(join(repoRoot, path)), join(copy, path));
  }
  const module = (await import(pathToFileURL(join(copy, config.handler)).href)) as { default: unknown };
  return { config, handler: module.default, dispose: () => rm(copy, { recursive: true, force: true }) };
}
