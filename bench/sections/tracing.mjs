/**
 * What tracing costs, against the two figures of issue 24:
 *
 * - req/s: the 1,000-row HTTP case against csvfn's Node server with no tracer and with the
 *   OpenTelemetry SDK's tracer (peers/csvfn-node-traced.mjs). The servers take turns, round
 *   after round, so load from elsewhere on the machine falls on each alike; the cost is the median
 *   of the rounds' ratios, with their spread. A third server is traced by a tracer that records
 *   nothing (peers/csvfn-node-traced-noop.mjs): its cost is csvfn's own share, the rest the SDK's.
 * - bytes: what the telemetry code adds to the Workers example's bundle when no tracer is passed.
 *   The example is bundled from core's source as wrangler does (esbuild, minified ES module, the
 *   workerd conditions), once as it is and once with `http/tracing.ts` (and so what only it
 *   imports: trace context, metrics) replaced by a stub that never starts telemetry.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { BENCH, EDGE_BUILD, SERVERS, WORKERD_CONDITIONS } from '../lib/build.mjs';
import { employeesJson } from '../lib/data.mjs';
import { kib, ms, table, whole } from '../lib/report.mjs';
import { cpuMs, tools } from '../lib/system.mjs';
import { wrk } from './http.mjs';
import { startServer } from './servers.mjs';

const ROWS = 1_000;
// The third server traces with a tracer that records nothing: csvfn's own share of the cost.
const NAMES = ['csvfn', 'csvfn-traced', 'csvfn-traced-noop'];
const WARMUP_SECONDS = 2;
const SECONDS = 3;
const ROUNDS = 7;

/** Issue 24's targets: tracing costs at most 5% of req/s, and adds at most 0.5 KiB (min+gz) untraced. */
export const TRACING_COST_TARGET = 0.05;
export const TRACING_BYTES_TARGET = 512;

const CORE_SOURCE = `${BENCH}../packages/core/src/`;

/** The Workers example bundled from core's source; with `stub`, the telemetry module never starts. */
async function workersBundle(stub) {
  const result = await esbuild.build({
    ...EDGE_BUILD,
    entryPoints: [`${BENCH}../examples/workers/src/index.ts`],
    conditions: WORKERD_CONDITIONS,
    alias: { '@csvfn/core': CORE_SOURCE },
    external: ['cloudflare:*'],
    plugins: stub
      ? [
          {
            name: 'no-telemetry',
            setup(build) {
              build.onLoad({ filter: /[\\/]core[\\/]src[\\/]http[\\/]tracing\.ts$/ }, () => ({
                contents: 'export const startTelemetry = () => undefined;',
                loader: 'ts',
              }));
            },
          },
        ]
      : [],
  });
  const bytes = result.outputFiles[0].contents;
  return { min: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength };
}

/** The telemetry code's share of the untraced Workers bundle: min and min+gz bytes. */
export async function tracingBytes() {
  try {
    const [full, without] = await Promise.all([workersBundle(false), workersBundle(true)]);
    return { min: full.min - without.min, gzip: full.gzip - without.gzip, full };
  } catch (error) {
    return { error: error.message.split('\n')[0] };
  }
}

export async function tracing(built, log) {
  const bytes = await tracingBytes();
  const bytesLine = bytes.error
    ? `Workers bundle: not measured (${bytes.error}).`
    : `Workers bundle without a tracer: the telemetry code adds **${kib(bytes.gzip)}** min+gz (${kib(bytes.min)} minified) of ${kib(bytes.full.gzip)}; target ≤ ${kib(TRACING_BYTES_TARGET)}.`;
  if (!bytes.error)
    log(
      `  tracing bytes (Workers, untraced): +${kib(bytes.gzip)} min+gz (target ≤ ${kib(TRACING_BYTES_TARGET)})`,
    );
  if (!tools.wrk)
    return {
      bytes,
      missing: 'wrk',
      markdown: `${bytesLine}\n\n**req/s not run: missing \`wrk\`** (\`pnpm bench:setup\`).`,
    };
  for (const name of NAMES)
    if (built.servers[name]?.error)
      return {
        bytes,
        markdown: `${bytesLine}\n\n**req/s not run: ${name} did not build:** ${built.servers[name].error}`,
      };
  const dir = mkdtempSync(`${tmpdir()}/csvfn-bench-`);
  const bodyFile = `${dir}/body.json`;
  writeFileSync(bodyFile, employeesJson(ROWS));
  const servers = {};
  const rounds = Object.fromEntries(NAMES.map((name) => [name, []]));
  try {
    for (const name of NAMES) servers[name] = await startServer(name, built.servers[name]);
    for (const name of NAMES) await wrk(servers[name].url, bodyFile, WARMUP_SECONDS);
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of NAMES) {
        const cpuBefore = cpuMs(servers[name].child.pid);
        const result = await wrk(servers[name].url, bodyFile, SECONDS);
        const cpu = cpuMs(servers[name].child.pid) - cpuBefore;
        rounds[name].push({
          requestsPerSecond: result.requests / (result.durationUs / 1e6),
          p99Ms: result.p99Us / 1000,
          cpuMsPerRequest: cpu / result.requests,
          errors: result.non2xx + result.socketErrors,
        });
      }
    }
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
  const results = Object.fromEntries(
    NAMES.map((name) => [
      name,
      {
        requestsPerSecond: median(rounds[name].map((m) => m.requestsPerSecond)),
        p99Ms: median(rounds[name].map((m) => m.p99Ms)),
        cpuMsPerRequest: median(rounds[name].map((m) => m.cpuMsPerRequest)),
        errors: rounds[name].reduce((sum, m) => sum + m.errors, 0),
      },
    ]),
  );
  // Each round's traced server against the untraced one that ran just before it.
  const costsOf = (name) =>
    rounds[name].map((m, i) => 1 - m.requestsPerSecond / rounds.csvfn[i].requestsPerSecond);
  const cpuRatioOf = (name) =>
    median(rounds[name].map((m, i) => m.cpuMsPerRequest / rounds.csvfn[i].cpuMsPerRequest));
  const costs = costsOf('csvfn-traced');
  const cost = median(costs);
  const cpuRatio = cpuRatioOf('csvfn-traced');
  const ownCosts = costsOf('csvfn-traced-noop');
  const ownCost = median(ownCosts);
  const ownCpuRatio = cpuRatioOf('csvfn-traced-noop');
  const percent = (value) => `${(value * 100).toFixed(1)}%`;
  const spreadOf = (values) => `rounds ${percent(Math.min(...values))} to ${percent(Math.max(...values))}`;
  const spread = spreadOf(costs);
  for (const name of NAMES)
    log(
      `  tracing ${name}: ${whole(results[name].requestsPerSecond)} req/s, ${ms(results[name].cpuMsPerRequest)} CPU ms/req`,
    );
  log(
    `  tracing cost: ${percent(cost)} of req/s (${spread}; target ≤ ${percent(TRACING_COST_TARGET)}), CPU per request ${cpuRatio.toFixed(3)}×`,
  );
  log(
    `  csvfn's own share (a tracer that records nothing): ${percent(ownCost)} of req/s (${spreadOf(ownCosts)}), CPU per request ${ownCpuRatio.toFixed(3)}×`,
  );
  const rows = NAMES.map((name) => [
    SERVERS[name].label,
    whole(results[name].requestsPerSecond),
    ms(results[name].p99Ms),
    ms(results[name].cpuMsPerRequest),
    String(results[name].errors),
  ]);
  return {
    results,
    cost,
    costs,
    cpuRatio,
    ownCost,
    ownCosts,
    bytes,
    markdown: `**${ROWS.toLocaleString('en-US')}-row body**, tracing off and on; ${ROUNDS} rounds of ${SECONDS} s, servers in turn, after ${WARMUP_SECONDS} s of warm-up each. Cost: **${percent(cost)}** of req/s, the median of the rounds' ratios (${spread}; target ≤ ${percent(TRACING_COST_TARGET)}); server CPU per request ${cpuRatio.toFixed(2)}× untraced. csvfn's own share, the same handler traced by a tracer whose spans record nothing (every step csvfn takes for a traced request, none of the SDK's): ${percent(ownCost)} of req/s (${spreadOf(ownCosts)}); server CPU per request ${ownCpuRatio.toFixed(2)}× untraced.\n\n${table(['server', 'req/s (median)', 'p99 ms', 'server CPU ms/req', 'errors'], rows)}\n\n${bytesLine}`,
  };
}
