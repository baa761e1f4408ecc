/**
 * Bundle sizes: the Workers example through wrangler's own dry-run (the figure Cloudflare
 * uploads), and each other adapter's example bundled for Node by esbuild, minified.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { BENCH, DIST, EDGE_BUILD, EXAMPLES, sizesOf } from '../lib/build.mjs';
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

/**
 * The edge examples, each bundled as its platform's bundler does: one ES module, minified, with
 * the export conditions that platform resolves (Vercel's `edge-light`, Deno's `deno`).
 */
export const EDGE_EXAMPLES = {
  'netlify-edge': {
    entry: '../examples/netlify-edge/netlify/edge-functions/csv.ts',
    conditions: ['deno', 'worker', 'browser'],
    label: '`examples/netlify-edge` (@csvfn/adapter-netlify/edge)',
  },
  'vercel-edge': {
    entry: '../examples/vercel-edge/api/index.ts',
    conditions: ['edge-light', 'worker', 'browser'],
    label: '`examples/vercel-edge` (@csvfn/adapter-vercel/web, fflate inlined)',
  },
  supabase: {
    entry: '../examples/supabase/supabase/functions/csv/index.ts',
    conditions: ['deno', 'worker', 'browser'],
    label: '`examples/supabase` (no adapter)',
  },
  fastly: {
    entry: '../examples/fastly/src/index.js',
    conditions: ['fastly', 'worker', 'browser'],
    label: '`examples/fastly` (no adapter; the JavaScript before js-compute-runtime compiles it)',
  },
};

/** One edge example bundled as its platform would; its sizes. */
export async function edgeBundle(name) {
  const { entry, conditions } = EDGE_EXAMPLES[name];
  const outfile = `${DIST}edge-${name}.mjs`;
  const result = await esbuild.build({
    ...EDGE_BUILD,
    entryPoints: [`${BENCH}${entry}`],
    conditions,
    external: ['fastly:*'],
  });
  writeFileSync(outfile, result.outputFiles[0].text);
  return sizesOf(outfile);
}

export async function bundles(built) {
  const edge = {};
  for (const name of Object.keys(EDGE_EXAMPLES)) {
    edge[name] = await edgeBundle(name).catch((error) => ({ error: error.message.split('\n')[0] }));
  }
  const results = { workers: await workers(), ...built.examples, ...edge };
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
    ...Object.entries(EDGE_EXAMPLES).map(([name, { label }]) => {
      const r = results[name];
      return [`${label}, esbuild (edge)`, r.error ?? kib(r.min), r.error ? '' : kib(r.gzip)];
    }),
  ];
  return {
    results,
    markdown: `Each adapter's example as its deploy bundles it: Workers by wrangler's own dry-run (its gzip figure), the others by esbuild (platform node, ESM, minified; gzip level 9); the edge examples by esbuild for their runtime (neutral platform, their export conditions)\n\n${table(['bundle', 'min', 'min+gz'], rows)}`,
  };
}
