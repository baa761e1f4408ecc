/**
 * Bundle sizes: the Workers example through wrangler's own dry-run (the figure Cloudflare
 * uploads), and each other adapter's example bundled for Node by esbuild, minified.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BENCH, DIST, EXAMPLES, sizesOf } from '../lib/build.mjs';
import { kib, table } from '../lib/report.mjs';

const run = promisify(execFile);
const KiB = 1024;

/** `wrangler deploy --dry-run` of examples/workers: its own `Total Upload: X KiB / gzip: Y KiB`. */
async function workers() {
  const outdir = `${DIST}workers`;
  try {
    const { stdout, stderr } = await run(
      'pnpm',
      ['exec', 'wrangler', 'deploy', '--dry-run', '--outdir', outdir],
      { cwd: `${BENCH}../examples/workers`, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
    );
    const match = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(stdout + stderr);
    if (!match) throw new Error(`no size in wrangler's output:\n${stdout}${stderr}`);
    return { min: Number(match[1]) * KiB, gzip: Number(match[2]) * KiB, own: sizesOf(`${outdir}/index.js`) };
  } catch (error) {
    return { error: `wrangler dry-run failed: ${error.message.split('\n')[0]}` };
  }
}

export async function bundles(built) {
  const results = { workers: await workers(), ...built.examples };
  const rows = [
    [
      '`examples/workers` (`@csvfn/adapter-workers`), wrangler 4.86.0 dry-run',
      results.workers.error ?? kib(results.workers.min),
      results.workers.error ? '' : kib(results.workers.gzip),
    ],
    ...Object.entries(EXAMPLES).map(([name, { label }]) => {
      const r = results[name];
      return [`${label}, esbuild`, r.error ?? kib(r.min), r.error ? '' : kib(r.gzip)];
    }),
  ];
  return {
    results,
    markdown: `Each adapter's example as its deploy bundles it: Workers by wrangler's own dry-run (its gzip figure), the others by esbuild (platform node, ESM, minified; gzip level 9)\n\n${table(['bundle', 'min', 'min+gz'], rows)}`,
  };
}
