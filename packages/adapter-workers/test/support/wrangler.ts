import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const wranglerBin = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js');

export interface DryRunBundle {
  /** The directory holding the bundle wrangler would upload. */
  outdir: string;
  /** wrangler's own `Total Upload: … KiB / gzip: … KiB` figures. */
  uploadKiB: number;
  gzipKiB: number;
}

/**
 * `wrangler deploy --dry-run --outdir DIR` for a project: bundles offline, exactly as a deploy
 * would (its wrangler config, `minify` included), and reports the upload size.
 */
export async function dryRunBundle(projectDir: string): Promise<DryRunBundle> {
  const outdir = await mkdtemp(join(tmpdir(), 'csvfn-workers-'));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [wranglerBin, 'deploy', '--dry-run', '--outdir', outdir],
    { cwd: projectDir, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' } },
  );
  const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout);
  if (!size) throw new Error(`wrangler printed no upload size:\n${stdout}`);
  return { outdir, uploadKiB: Number(size[1]), gzipKiB: Number(size[2]) };
}
