/**
 * What tracing costs: the 1,000-row HTTP case against csvfn's Node server with no tracer and with
 * the OpenTelemetry SDK's tracer (peers/csvfn-node-traced.mjs). The two servers take turns, round
 * after round, so load from elsewhere on the machine falls on both alike; each figure is the median.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SERVERS } from '../lib/build.mjs';
import { employeesJson } from '../lib/data.mjs';
import { ms, table, whole } from '../lib/report.mjs';
import { cpuMs, tools } from '../lib/system.mjs';
import { wrk } from './http.mjs';
import { startServer } from './servers.mjs';

const ROWS = 1_000;
const NAMES = ['csvfn', 'csvfn-traced'];
const WARMUP_SECONDS = 2;
const SECONDS = 3;
const ROUNDS = 5;

export async function tracing(built, log) {
  if (!tools.wrk) return { missing: 'wrk', markdown: '**Not run: missing `wrk`** (`pnpm bench:setup`).' };
  for (const name of NAMES)
    if (built.servers[name]?.error)
      return { markdown: `**Not run: ${name} did not build:** ${built.servers[name].error}` };
  const dir = mkdtempSync(`${tmpdir()}/csvfn-bench-`);
  const bodyFile = `${dir}/body.json`;
  writeFileSync(bodyFile, employeesJson(ROWS));
  const servers = {};
  const rounds = { csvfn: [], 'csvfn-traced': [] };
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
  const median = (name, field) => {
    const values = rounds[name].map((m) => m[field]).sort((x, y) => x - y);
    return values[Math.floor(values.length / 2)];
  };
  const results = Object.fromEntries(
    NAMES.map((name) => [
      name,
      {
        requestsPerSecond: median(name, 'requestsPerSecond'),
        p99Ms: median(name, 'p99Ms'),
        cpuMsPerRequest: median(name, 'cpuMsPerRequest'),
        errors: rounds[name].reduce((sum, m) => sum + m.errors, 0),
      },
    ]),
  );
  const cost = 1 - results['csvfn-traced'].requestsPerSecond / results.csvfn.requestsPerSecond;
  for (const name of NAMES)
    log(
      `  tracing ${name}: ${whole(results[name].requestsPerSecond)} req/s, ${ms(results[name].cpuMsPerRequest)} CPU ms/req`,
    );
  log(`  tracing cost: ${(cost * 100).toFixed(1)}% of req/s`);
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
    markdown: `**${ROWS.toLocaleString('en-US')}-row body**, tracing off and on; median of ${ROUNDS} rounds of ${SECONDS} s, servers in turn, after ${WARMUP_SECONDS} s of warm-up each. Cost: **${(cost * 100).toFixed(1)}%** of req/s.\n\n${table(['server', 'req/s', 'p99 ms', 'server CPU ms/req', 'errors'], rows)}`,
  };
}
