/** Bundles every server entry (csvfn and its peers) and each adapter's example, and builds the Go seed. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { tools } from './system.mjs';

export const BENCH = fileURLToPath(new URL('..', import.meta.url));
export const DIST = `${BENCH}dist/`;

/** The servers measured over HTTP and for cold start: bundled, minified, one file each. */
export const SERVERS = {
  csvfn: { entry: 'peers/csvfn-node.mjs', label: 'csvfn (@csvfn/adapter-node)' },
  tracing: {
    entry: 'peers/csvfn-node-tracing.mjs',
    label:
      'csvfn (@csvfn/adapter-node), four handlers in one process: untraced, traced by the SDK, traced by a no-op tracer, untraced again',
  },
  hono: { entry: 'peers/hono.mjs', label: 'Hono + @hono/node-server + json2csv' },
  express: { entry: 'peers/express.mjs', label: 'Express + json2csv' },
  go: { label: 'Go seed (net/http + encoding/json + encoding/csv)' },
  bare: { entry: 'peers/bare-node.mjs', label: 'reference: bare Node http server, no conversion' },
};

/**
 * Each adapter's example (examples/<name>), bundled for Node as a deploy would be; the Workers
 * example is measured by wrangler itself (sections/bundles.mjs). `bench/entries/` holds the one
 * form no example shows.
 */
export const EXAMPLES = {
  node: { entry: '../examples/node/server.mjs', label: '`examples/node` (@csvfn/adapter-node)' },
  lambda: {
    entry: '../examples/lambda/src/index.ts',
    label: '`examples/lambda` (@csvfn/adapter-lambda `handle` + `streamHandle`)',
  },
  vercel: {
    entry: '../examples/vercel/api/index.ts',
    label: '`examples/vercel` (@csvfn/adapter-vercel `handle`)',
  },
  'vercel-web': {
    entry: 'entries/vercel-web.mjs',
    label: '`bench/entries/vercel-web.mjs` (@csvfn/adapter-vercel/web `handleWeb`)',
  },
};

/**
 * esbuild's options for a bundle in an edge runtime (Workers, Vercel Edge, Deno Deploy, Fastly):
 * one minified ES module, no Node built-ins, kept in memory. Add `conditions` and the entry.
 */
export const EDGE_BUILD = {
  bundle: true,
  minify: true,
  write: false,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  mainFields: ['module', 'main'],
  logLevel: 'error',
};

/** The export conditions wrangler bundles a Worker with. */
export const WORKERD_CONDITIONS = ['workerd', 'worker', 'browser'];

/** Bundles `entry` for Node, minified; returns the output path and its sizes. */
async function bundleForNode(name, entry) {
  const outfile = `${DIST}${name}.mjs`;
  const result = await esbuild.build({
    entryPoints: [`${BENCH}${entry}`],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // CommonJS dependencies (express) call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'error',
    metafile: true,
  });
  return { outfile, ...sizesOf(outfile), inputs: Object.keys(result.metafile.inputs) };
}

/** Minified bytes and gzip (level 9) bytes of a file. */
export function sizesOf(path) {
  const bytes = readFileSync(path);
  return { min: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
}

/**
 * Builds everything; a part that fails to build is reported with its error, never dropped.
 * Returns `{ servers, examples }`: for each name either `{ outfile, min, gzip }` or `{ error }`.
 */
export async function buildAll() {
  mkdirSync(DIST, { recursive: true });
  const servers = {};
  const examples = {};
  for (const [name, { entry }] of Object.entries(SERVERS)) {
    if (!entry) continue;
    servers[name] = await bundleForNode(`server-${name}`, entry).catch((error) => ({ error: error.message }));
  }
  if (tools.go) {
    const outfile = `${DIST}server-go`;
    try {
      execFileSync(tools.go, ['build', '-trimpath', '-o', outfile, '.'], {
        cwd: `${BENCH}peers/go`,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
      });
      servers.go = { outfile, binary: true, ...sizesOf(outfile) };
    } catch (error) {
      servers.go = { error: `go build failed: ${error.stderr?.toString().trim() || error.message}` };
    }
  } else {
    servers.go = { error: 'missing: go (Debian: `pnpm bench:setup`, or apt-get install golang-go)' };
  }
  servers.stream = await bundleForNode('server-stream', 'streaming/server.mjs').catch((error) => ({
    error: error.message,
  }));
  for (const [name, { entry }] of Object.entries(EXAMPLES)) {
    examples[name] = existsSync(`${BENCH}${entry}`)
      ? await bundleForNode(`example-${name}`, entry).catch((error) => ({
          error: error.message.split('\n')[0],
        }))
      : { error: `missing: ${entry.replace('../', '')}` };
  }
  return { servers, examples };
}
