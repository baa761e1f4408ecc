/**
 * What tracing costs, against the two figures of issue 24:
 *
 * - req/s: the 1,000-row HTTP case against one csvfn process (peers/csvfn-node-tracing.mjs) that
 *   serves the employee handler on four ports: no tracer, the OpenTelemetry SDK's tracer, a tracer
 *   that records nothing (csvfn's own share of the cost; the rest is the SDK's), and no tracer
 *   again (the run's noise: two identical handlers differ by this much). The ports take turns in
 *   short slices, round after round, so a change in the machine's speed falls on each alike; each
 *   round's traced slice is compared with the untraced slice just before it, and the cost is the
 *   median of the rounds, with their spread. One process, because identical servers in separate
 *   processes differed by 6–16% of req/s on this machine (heap, JIT and memory layout), more than
 *   the 5% being measured; sharing it, the SDK's garbage is collected partly in the other slices,
 *   which the server CPU per request of the traced slices shows.
 * - bytes: what the telemetry code adds to the Workers example's bundle when no tracer is passed.
 *   The example is bundled from core's source as wrangler does (esbuild, minified ES module, the
 *   workerd conditions), once as it is and once with `http/tracing.ts` (and so what only it
 *   imports: trace context, metrics) replaced by a stub that never starts telemetry.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { BENCH, EDGE_BUILD, WORKERD_CONDITIONS } from '../lib/build.mjs';
import { employeesJson } from '../lib/data.mjs';
import { kib, ms, table, whole } from '../lib/report.mjs';
import { cpuNs, freePort, tools } from '../lib/system.mjs';
import { wrk } from './http.mjs';
import { startServer } from './servers.mjs';

const ROWS = 1_000;
/** The handlers of peers/csvfn-node-tracing.mjs, by the variable that names each one's port. */
const HANDLERS = [
  { port: 'PORT', label: 'csvfn (@csvfn/adapter-node), no tracer' },
  { port: 'PORT_SDK', label: 'traced: the OpenTelemetry SDK (`BatchSpanProcessor`, an exporter that drops)' },
  { port: 'PORT_NOOP', label: 'traced by a tracer whose spans record nothing (csvfn’s own share)' },
  { port: 'PORT_AGAIN', label: 'no tracer, a second handler in the same process (the run’s noise)' },
];
const WARMUP_SECONDS = 2;
const SECONDS = 1;
const ROUNDS = 21;

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
  if (built.servers.tracing?.error)
    return {
      bytes,
      markdown: `${bytesLine}\n\n**req/s not run: the tracing server did not build:** ${built.servers.tracing.error}`,
    };
  const dir = mkdtempSync(`${tmpdir()}/csvfn-bench-`);
  const bodyFile = `${dir}/body.json`;
  writeFileSync(bodyFile, employeesJson(ROWS));
  const rounds = HANDLERS.map(() => []);
  let server;
  try {
    // $PORT is the one startServer waits on; the peer listens on it last.
    const ports = {};
    for (const { port } of HANDLERS.slice(1)) ports[port] = String(await freePort());
    server = await startServer('tracing', built.servers.tracing, ports);
    const urls = HANDLERS.map(({ port }) =>
      port === 'PORT' ? server.url : `http://127.0.0.1:${ports[port]}/api`,
    );
    for (const url of urls) await wrk(url, bodyFile, WARMUP_SECONDS);
    for (let round = 0; round < ROUNDS; round++)
      for (const [i, url] of urls.entries()) {
        // One handler is loaded at a time: the process's CPU over the slice is that handler's.
        const cpuBefore = cpuNs(server.child.pid);
        const result = await wrk(url, bodyFile, SECONDS);
        rounds[i].push({
          requestsPerSecond: result.requests / (result.durationUs / 1e6),
          p99Ms: result.p99Us / 1000,
          cpuMsPerRequest: (cpuNs(server.child.pid) - cpuBefore) / 1e6 / result.requests,
          errors: result.non2xx + result.socketErrors,
        });
      }
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (values) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
  const results = rounds.map((slices) => ({
    requestsPerSecond: median(slices.map((m) => m.requestsPerSecond)),
    p99Ms: median(slices.map((m) => m.p99Ms)),
    cpuMsPerRequest: median(slices.map((m) => m.cpuMsPerRequest)),
    errors: slices.reduce((sum, m) => sum + m.errors, 0),
  }));
  // Each round's slice against the untraced slice that began that round.
  const costsOf = (i) => rounds[i].map((m, r) => 1 - m.requestsPerSecond / rounds[0][r].requestsPerSecond);
  const cpuRatioOf = (i) => median(rounds[i].map((m, r) => m.cpuMsPerRequest / rounds[0][r].cpuMsPerRequest));
  const percent = (value) => `${(value * 100).toFixed(1)}%`;
  const spreadOf = (values) => `rounds ${percent(Math.min(...values))} to ${percent(Math.max(...values))}`;
  const [, sdk, own, noise] = [0, 1, 2, 3].map((i) => {
    const costs = costsOf(i);
    return { costs, cost: median(costs), cpuRatio: cpuRatioOf(i), spread: spreadOf(costs) };
  });
  for (const [i, { label }] of HANDLERS.entries())
    log(
      `  tracing, ${label}: ${whole(results[i].requestsPerSecond)} req/s, ${ms(results[i].cpuMsPerRequest)} CPU ms/req`,
    );
  log(
    `  tracing cost: ${percent(sdk.cost)} of req/s (${sdk.spread}; target ≤ ${percent(TRACING_COST_TARGET)}), CPU per request ${sdk.cpuRatio.toFixed(3)}×; noise (untraced against untraced): ${percent(noise.cost)}`,
  );
  log(
    `  csvfn's own share (a tracer that records nothing): ${percent(own.cost)} of req/s (${own.spread}), CPU per request ${own.cpuRatio.toFixed(3)}×`,
  );
  const rows = HANDLERS.map(({ label }, i) => [
    label,
    whole(results[i].requestsPerSecond),
    ms(results[i].p99Ms),
    ms(results[i].cpuMsPerRequest),
    String(results[i].errors),
  ]);
  return {
    results,
    cost: sdk.cost,
    costs: sdk.costs,
    cpuRatio: sdk.cpuRatio,
    ownCost: own.cost,
    ownCosts: own.costs,
    noise: noise.cost,
    bytes,
    markdown: `**${ROWS.toLocaleString('en-US')}-row body**, one server process with four handlers on four ports (\`bench/peers/csvfn-node-tracing.mjs\`), wrk on each in turn: ${ROUNDS} rounds of ${SECONDS} s a handler, after ${WARMUP_SECONDS} s of warm-up each; each round's slice against the untraced slice that began it. Cost: **${percent(sdk.cost)}** of req/s, the median of the rounds (${sdk.spread}; target ≤ ${percent(TRACING_COST_TARGET)}); server CPU per request ${sdk.cpuRatio.toFixed(2)}× untraced. csvfn's own share, a tracer whose spans record nothing (every step csvfn takes for a traced request, none of the SDK's): ${percent(own.cost)} (${own.spread}); CPU per request ${own.cpuRatio.toFixed(2)}×. The run's noise, a second untraced handler measured the same way: ${percent(noise.cost)} (${noise.spread}).\n\n${table(['handler', 'req/s (median)', 'p99 ms', 'server CPU ms/req', 'errors'], rows)}\n\n${bytesLine}`,
  };
}
