/**
 * CPU milliseconds per MiB converted, under Node, Deno and workerd, for a JSON array and for NDJSON:
 * the CPU time (user + system, every thread, from /proc) of the process that serves csvfn, over
 * a run of requests on loopback, divided by the MiB sent. Wall time is never used: CPU is what
 * an edge platform meters (Workers 10 ms free, Netlify Edge 50 ms, Fastly 50 ms a request). The
 * figure includes the runtime's own HTTP work, which the platform also counts.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { Miniflare } from 'miniflare';
import { BENCH, EDGE_BUILD, WORKERD_CONDITIONS } from '../lib/build.mjs';
import { employees } from '../lib/data.mjs';
import { ms, table } from '../lib/report.mjs';
import { cpuNs, freePort, stop, waitForServer } from '../lib/system.mjs';

const MiB = 1_048_576;
/** About 1 MiB a body: the size of the bodies the edge budgets allow, so fixed costs weigh as there. */
const ROWS = 12_000;
const WARMUP = 10;
const RUNS = 40;

function bodies() {
  const rows = employees(ROWS, 20);
  return {
    JSON: { type: 'application/json', bytes: Buffer.from(JSON.stringify(rows)) },
    NDJSON: {
      type: 'application/x-ndjson',
      bytes: Buffer.from(rows.map((row) => `${JSON.stringify(row)}\n`).join('')),
    },
  };
}

/** CPU ms per MiB of `pid` while `url` converts `body` RUNS times (after a warm-up). */
async function measure(pid, url, { type, bytes }) {
  const send = async () => {
    const response = await fetch(url, { method: 'POST', body: bytes, headers: { 'content-type': type } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  };
  for (let i = 0; i < WARMUP; i++) await send();
  const before = cpuNs(pid);
  for (let i = 0; i < RUNS; i++) await send();
  const cpuMs = (cpuNs(pid) - before) / 1e6;
  return cpuMs / RUNS / (bytes.byteLength / MiB);
}

/** A child server on a free port: the process whose CPU is counted. */
async function childServer(command, args, env, body) {
  const port = await freePort();
  const child = spawn(command, args(port), {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}/api`;
  await waitForServer(url, body, 60_000);
  return { pid: child.pid, url, close: () => stop(child) };
}

/** The workerd process Miniflare started (a child of this one). */
function workerdPid(before) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || before.has(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && stat.includes('(workerd)')) return Number(entry);
    } catch {}
  }
  throw new Error('no workerd process found under this one');
}

const runtimes = {
  async node(body) {
    return childServer(process.execPath, () => [`${BENCH}entries/node-csvfn.mjs`], {}, body);
  },
  async deno(body) {
    const { ensureRuntimes } = await import('../../runtimes/ensure.mjs');
    const { deno, env } = ensureRuntimes();
    return childServer(
      deno,
      (port) => [
        'serve',
        '--allow-env',
        '--allow-read',
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        `${BENCH}entries/deno-csvfn.ts`,
      ],
      env,
      body,
    );
  },
  async workerd() {
    const source = [
      "import { handle } from '@csvfn/adapter-workers';",
      "import { createCsvHandler } from '@csvfn/core';",
      "import { employeeSchema } from '@csvfn/core/employee';",
      'export default handle(createCsvHandler({ schema: employeeSchema, logger: false, maxBodyBytes: 64 * 1024 * 1024 }));',
    ].join('\n');
    // Bundled as wrangler bundles a Worker (workerd conditions, minified), served by Miniflare.
    const { outputFiles } = await esbuild.build({
      ...EDGE_BUILD,
      stdin: { contents: source, resolveDir: BENCH, loader: 'ts' },
      conditions: WORKERD_CONDITIONS,
    });
    const before = new Set(readdirSync('/proc'));
    const mf = new Miniflare({
      modules: true,
      script: outputFiles[0].text,
      compatibilityDate: '2026-04-26',
      host: '127.0.0.1',
      port: 0,
    });
    const url = await mf.ready;
    return { pid: workerdPid(before), url: new URL('/api', url).href, close: () => mf.dispose() };
  },
};

/** Largest body (MiB) a budget of `budgetMs` CPU converts at `msPerMiB`. */
const fits = (budgetMs, msPerMiB) => budgetMs / msPerMiB;

export async function cpuPerMib(log) {
  const inputs = bodies();
  const results = {};
  for (const [runtime, start] of Object.entries(runtimes)) {
    results[runtime] = {};
    let server;
    try {
      server = await start(inputs.JSON.bytes);
      for (const [format, body] of Object.entries(inputs)) {
        log(`  ${runtime} ${format}…`);
        results[runtime][format] = await measure(server.pid, server.url, body);
      }
    } catch (error) {
      results[runtime].error = error.message.split('\n')[0];
    } finally {
      await server?.close();
    }
  }
  const mibOf = (value) => (Number.isFinite(value) ? value.toFixed(2) : 'n/a');
  const rows = Object.entries(results).flatMap(([runtime, r]) =>
    r.error
      ? [[runtime, 'error', r.error, '', '', '']]
      : Object.entries(inputs).map(([format]) => [
          runtime,
          format,
          ms(r[format]),
          mibOf(fits(10, r[format])),
          mibOf(fits(50, r[format])),
          mibOf(fits(30_000, r[format])),
        ]),
  );
  return {
    results,
    markdown: `CPU time of the serving process (user + system, all threads) per MiB of body converted: ${ROWS.toLocaleString('en-US')} employee rows a request (${mibOf(inputs.JSON.bytes.byteLength / MiB)} MiB as JSON, ${mibOf(inputs.NDJSON.bytes.byteLength / MiB)} MiB as NDJSON), ${RUNS} requests after ${WARMUP} to warm up. Workers is workerd through Miniflare; Deno stands in for Deno Deploy, Supabase and Netlify Edge; Node for Vercel's Edge runtime (edge-runtime runs in Node). The last columns are the largest body those CPU budgets convert: Workers free 10 ms, Netlify Edge and Fastly 50 ms, Workers paid 30 s (its default; it can be raised to 5 min).\n\n${table(['runtime', 'body', 'CPU ms / MiB', 'MiB in 10 ms', 'MiB in 50 ms', 'MiB in 30 s'], rows)}`,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { markdown } = await cpuPerMib((line) => console.error(line));
  console.log(markdown);
}
