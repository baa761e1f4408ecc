/**
 * Fairness on large bodies (issue 25, item 3): csvfn's Node server once per `batchRows` (rows
 * converted between turns given back to the event loop; `Infinity` is one go), beside the Go seed,
 * on the 10k-row body. All servers up at once, measured in turns whose order alternates each round,
 * so the p99 each batch size buys and the req/s it costs are read off one run. Per-round ratios to
 * Go's figure of the same round, so the spread shows how noisy the machine was.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { employeesJson } from '../lib/data.mjs';
import { ms, ratio, table, whole } from '../lib/report.mjs';
import { cpuMs, tools } from '../lib/system.mjs';
import { wrk } from './http.mjs';
import { startServer } from './servers.mjs';

export const FAIRNESS_ROWS = 10_000;
/** The batch sizes compared; the handler's default is among them. */
export const BATCHES = ['Infinity', '4000', '2000', '1000', '500'];
const WARMUP_SECONDS = 2;
const SECONDS = 3;
const ROUNDS = 6;

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const spread = (values, format) => `${format(Math.min(...values))}–${format(Math.max(...values))}`;

export async function fairness(built, log) {
  if (!tools.wrk) return { missing: 'wrk', markdown: '**Not run: missing `wrk`**.' };
  if (built.servers.go?.error || built.servers.csvfn?.error)
    return {
      error: built.servers.go.error ?? built.servers.csvfn.error,
      markdown: 'Not run: a server did not build.',
    };
  const dir = mkdtempSync(`${tmpdir()}/csvfn-fairness-`);
  const servers = {};
  const rounds = {};
  try {
    servers.go = await startServer('go', built.servers.go);
    for (const batch of BATCHES)
      servers[batch] = await startServer('csvfn', built.servers.csvfn, { CSVFN_BATCH_ROWS: batch });
    const bodyFile = `${dir}/body.json`;
    writeFileSync(bodyFile, employeesJson(FAIRNESS_ROWS));
    const names = Object.keys(servers);
    for (const name of names) {
      await wrk(servers[name].url, bodyFile, WARMUP_SECONDS);
      rounds[name] = [];
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of round % 2 ? [...names].reverse() : names) {
        const server = servers[name];
        const cpuBefore = cpuMs(server.child.pid);
        const result = await wrk(server.url, bodyFile, SECONDS);
        const seconds = result.durationUs / 1e6;
        rounds[name].push({
          requestsPerSecond: result.requests / seconds,
          p50Ms: result.p50Us / 1000,
          p99Ms: result.p99Us / 1000,
          cpuMsPerRequest: (cpuMs(server.child.pid) - cpuBefore) / result.requests,
          errors: result.non2xx + result.socketErrors,
        });
      }
    }
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
  const go = rounds.go;
  const results = {};
  for (const batch of BATCHES) {
    const measured = rounds[batch];
    const rps = measured.map((m, i) => m.requestsPerSecond / go[i].requestsPerSecond);
    const p99 = measured.map((m, i) => m.p99Ms / go[i].p99Ms);
    const off = rounds.Infinity.map((m) => m.requestsPerSecond);
    results[batch] = {
      requestsPerSecond: median(measured.map((m) => m.requestsPerSecond)),
      vsGo: median(rps),
      vsGoRounds: rps,
      p99VsGo: median(p99),
      p99VsGoRounds: p99,
      vsUnbatched: median(measured.map((m, i) => m.requestsPerSecond / off[i])),
      p50Ms: median(measured.map((m) => m.p50Ms)),
      p99Ms: median(measured.map((m) => m.p99Ms)),
      cpuMsPerRequest: median(measured.map((m) => m.cpuMsPerRequest)),
      errors: measured.reduce((sum, m) => sum + m.errors, 0),
    };
    log(
      `  fairness batchRows=${batch}: ${ratio(results[batch].vsGo)} Go's req/s, p99 ${ratio(results[batch].p99VsGo)} Go's`,
    );
  }
  const goRow = [
    'Go seed',
    whole(median(go.map((m) => m.requestsPerSecond))),
    '1.00×',
    '',
    '',
    ms(median(go.map((m) => m.p50Ms))),
    ms(median(go.map((m) => m.p99Ms))),
    '1.00×',
    '',
    ms(median(go.map((m) => m.cpuMsPerRequest))),
    String(go.reduce((sum, m) => sum + m.errors, 0)),
  ];
  const rows = BATCHES.map((batch) => {
    const r = results[batch];
    return [
      `csvfn, \`batchRows: ${batch === 'Infinity' ? 'Infinity` (one go)' : `${Number(batch).toLocaleString('en-US')}\``}`,
      whole(r.requestsPerSecond),
      ratio(r.vsGo),
      spread(r.vsGoRounds, ratio),
      ratio(r.vsUnbatched),
      ms(r.p50Ms),
      ms(r.p99Ms),
      ratio(r.p99VsGo),
      spread(r.p99VsGoRounds, ratio),
      ms(r.cpuMsPerRequest),
      String(r.errors),
    ];
  });
  return {
    results,
    markdown: `**${FAIRNESS_ROWS.toLocaleString('en-US')}-row body**, 8 connections, one server per \`batchRows\` (rows converted between turns given back to the event loop), all pinned to CPU 0 and measured in turns (order reversed every round); ${ROUNDS} rounds of ${SECONDS} s after ${WARMUP_SECONDS} s of warm-up each. Ratios are per round against Go's figure of the same round: median, then the spread over the rounds.\n\n${table(
      [
        'server',
        'req/s',
        '× Go',
        '× Go, rounds',
        '× one go',
        'p50 ms',
        'p99 ms',
        'p99 × Go',
        'p99 × Go, rounds',
        'server CPU ms/req',
        'errors',
      ],
      [goRow, ...rows],
    )}`,
  };
}
