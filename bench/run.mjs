// pnpm bench: csvfn against its peers, side by side in one run. Prints every table, then the
// targets of issue 15 met or not, and writes them all to bench/RESULTS.md with the machine and
// the versions. `node bench/run.mjs conversion http` runs (and prints) only those sections.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BENCH, buildAll } from './lib/build.mjs';
import { writeRatioChart } from './lib/ratioChart.mjs';
import { kib, mib, ms, ratio, table, verdict } from './lib/report.mjs';
import { machine, tools, versionOf } from './lib/system.mjs';
import { bundles } from './sections/bundles.mjs';
import { coldStart } from './sections/coldstart.mjs';
import { conversion } from './sections/conversion.mjs';
import { cpuPerMib } from './sections/cpu.mjs';
import { fairness } from './sections/fairness.mjs';
import { http } from './sections/http.mjs';
import { lambda } from './sections/lambda.mjs';
import { streaming } from './sections/streaming.mjs';
import { TRACING_BYTES_TARGET, TRACING_COST_TARGET, tracing } from './sections/tracing.mjs';

const SECTIONS = [
  'bundles',
  'conversion',
  'cpu',
  'lambda',
  'http',
  'fairness',
  'coldstart',
  'streaming',
  'tracing',
];
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !SECTIONS.includes(name));
if (unknown.length > 0) {
  console.error(`unknown section ${unknown.join(', ')}; sections: ${SECTIONS.join(' ')}`);
  process.exit(2);
}
const selected = wanted.length > 0 ? wanted : SECTIONS;
const log = (line) => console.error(line);
const started = Date.now();

const missing = Object.entries(tools)
  .filter(([, path]) => !path)
  .map(([name]) => name);
if (missing.length > 0) {
  log(`Missing system tools: ${missing.join(', ')}. On Debian, \`pnpm bench:setup\` installs them.`);
  log('The parts that need them are reported as not run.');
}
if (!tools.taskset) log('No taskset: servers and load generators share the CPUs (results are less fair).');

// Only the sections that run bundles need them built (conversion and lambda import the workspace).
const BUILT = ['bundles', 'http', 'fairness', 'coldstart', 'streaming', 'tracing'];
let built;
if (selected.some((name) => BUILT.includes(name))) {
  log('Building the bundled servers and examples…');
  built = await buildAll();
}
const out = {};
for (const name of selected) {
  log(`Running ${name}…`);
  if (name === 'bundles') out.bundles = await bundles(built);
  if (name === 'conversion') out.conversion = await conversion(log);
  if (name === 'cpu') out.cpu = await cpuPerMib(log);
  if (name === 'lambda') out.lambda = await lambda(log);
  if (name === 'http') out.http = await http(built, log);
  if (name === 'fairness') out.fairness = await fairness(built, log);
  if (name === 'coldstart') out.coldstart = await coldStart(built, log);
  if (name === 'streaming') out.streaming = await streaming(built, log);
  if (name === 'tracing') out.tracing = await tracing(built, log);
}

// The targets of issue 15, each with its figure.
const targets = [];
const target = (text, figure, ok) => targets.push([text, figure, verdict(ok)]);
const thousands = (rows) => rows.toLocaleString('en-US');
if (out.conversion) {
  for (const rows of [10_000, 100_000]) {
    const value = out.conversion.csvfnVsParse[rows];
    target(
      `parse + validate + CSV bytes ≤ 1.5× \`JSON.parse\` alone, ${thousands(rows)} rows`,
      `${ratio(value)} (json2csv ${ratio(out.conversion.json2csvVsParse[rows])})`,
      value <= 1.5,
    );
  }
  for (const [text, figure, ok] of out.conversion.targets) target(text, figure, ok);
}
if (out.http) {
  const r = out.http.ratios ?? {};
  const notRun = 'not run (missing wrk)';
  const one = r[1_000];
  target(
    'HTTP 1k rows: req/s ≥ 1.2× Hono',
    one ? ratio(one.requestsPerSecondVsHono) : notRun,
    one ? one.requestsPerSecondVsHono >= 1.2 : undefined,
  );
  target(
    'HTTP 1k rows: req/s ≥ 1.3× the Go seed',
    one
      ? `${ratio(one.requestsPerSecond)} (per server CPU second ${ratio(one.requestsPerCpuSecond)})`
      : notRun,
    one ? one.requestsPerSecond >= 1.3 : undefined,
  );
  target(
    'HTTP 1k rows: p99 ≤ Hono’s',
    one ? `${ratio(one.p99VsHono)} of Hono’s` : notRun,
    one ? one.p99VsHono <= 1 : undefined,
  );
  const ten = r[10_000];
  target(
    'HTTP 10k rows: req/s ≥ 1.8× the Go seed',
    ten
      ? `${ratio(ten.requestsPerSecond)} (per server CPU second ${ratio(ten.requestsPerCpuSecond)})`
      : notRun,
    ten ? ten.requestsPerSecond >= 1.8 : undefined,
  );
  target(
    'HTTP 10k rows: p99 ≤ the Go seed’s',
    ten ? `${ratio(ten.p99)} of Go’s` : notRun,
    ten ? ten.p99 <= 1 : undefined,
  );
  target(
    'gzip, 10k rows: answer ≤ 0.3× the bytes',
    ten?.gzipBytes !== undefined ? `${ratio(ten.gzipBytes)} (Content-Encoding: ${ten.gzipEncoding})` : notRun,
    ten?.gzipBytes !== undefined ? ten.gzipBytes <= 0.3 : undefined,
  );
  target(
    'gzip, 10k rows: req/s ≥ 0.7× uncompressed',
    ten ? ratio(ten.gzipRequestsPerSecond) : notRun,
    ten ? ten.gzipRequestsPerSecond >= 0.7 : undefined,
  );
}
if (out.fairness?.results) {
  for (const [batch, r] of Object.entries(out.fairness.results)) {
    if (batch === 'Infinity') continue;
    target(
      `Fairness, 10k rows, \`batchRows: ${batch}\`: p99 ≤ the Go seed’s (req/s cost against one go)`,
      `${ratio(r.p99VsGo)} of Go’s (req/s ${ratio(r.vsUnbatched)} of one go’s; ${ratio(r.vsGo)} Go’s)`,
      r.p99VsGo <= 1,
    );
  }
}
if (out.coldstart) {
  const { csvfn, bare } = out.coldstart.results;
  const value = csvfn?.medianMs / bare?.medianMs;
  const cpu = csvfn?.cpuMedianMs / bare?.cpuMedianMs;
  target(
    'spawn → first 200 of the bundled Node entry ≤ 1.1× a bare node:http server',
    `${ratio(value)} (${ms(csvfn?.medianMs)} ms vs ${ms(bare?.medianMs)} ms; CPU ${ratio(cpu)})`,
    Number.isFinite(value) ? value <= 1.1 : undefined,
  );
}
if (out.streaming?.result) {
  const r = out.streaming.result;
  target(
    'NDJSON through adapter-node ≥ 0.5× `JSON.parse` MB/s over the same lines (batched, CPU time)',
    `${ratio(r.vsParse)} (${r.mbPerS.toFixed(1)} vs ${r.parseMbPerS.toFixed(1)} MB/s; per server CPU s ${ratio(r.cpuVsParse)}, warm ${ratio(r.warmCpuVsParse)}; against JSON.parse per line ${ratio(r.vsPerLine)}; the client's own CPU alone allows ${ratio(r.clientVsParse)})`,
    r.vsParse >= 0.5,
  );
  target(
    '100 MB NDJSON: peak RSS ≤ 120 MiB',
    `${mib(r.peakRssMiB)} MiB${r.complete ? '' : ' (incomplete answer)'}`,
    r.peakRssMiB <= 120 && r.complete,
  );
}
if (out.lambda) {
  target(
    'Lambda in-process: CPU per 1k-row invocation ≤ 0.8× Hono `aws-lambda` + json2csv',
    ratio(out.lambda.csvfnVsHono),
    out.lambda.csvfnVsHono <= 0.8,
  );
}
if (out.tracing) {
  const { cost, costs, noise, bytes } = out.tracing;
  const percent = (value) => `${(value * 100).toFixed(1)}%`;
  target(
    'HTTP 1k rows with tracing on (OpenTelemetry SDK): req/s cost ≤ 5%',
    costs
      ? `${percent(cost)} (median of ${costs.length} rounds; ${percent(Math.min(...costs))} to ${percent(Math.max(...costs))}; two untraced handlers differed by ${percent(noise)})`
      : 'not run (missing wrk)',
    costs ? cost <= TRACING_COST_TARGET : undefined,
  );
  target(
    'Workers bundle without a tracer: the telemetry code ≤ 0.5 KiB min+gz',
    bytes?.error ? `not measured (${bytes.error})` : kib(bytes?.gzip),
    bytes?.error ? undefined : bytes.gzip <= TRACING_BYTES_TARGET,
  );
}
if (out.bundles) {
  const gzip = out.bundles.results.workers.gzip;
  target('Workers bundle (examples/workers) ≤ 12 KiB min+gz', kib(gzip), gzip <= 12 * 1024);
}

const require = createRequire(`${BENCH}package.json`);
const packageVersion = (name, from = require) => {
  // A package whose `exports` hides its package.json is found from its entry point instead.
  for (const resolve of [
    () => from.resolve(`${name}/package.json`),
    () => packageJsonAbove(from.resolve(name)),
  ]) {
    try {
      // (A nested package.json, e.g. dist/cjs/package.json with only a "type", has no version.)
      const { name: found, version } = JSON.parse(readFileSync(resolve(), 'utf8'));
      if (found === name && version) return version;
    } catch {}
  }
  return 'n/a';
};
function packageJsonAbove(file) {
  const at = file.lastIndexOf('/node_modules/');
  const rest = file.slice(at + '/node_modules/'.length).split('/');
  const depth = rest[0].startsWith('@') ? 2 : 1;
  return `${file.slice(0, at)}/node_modules/${rest.slice(0, depth).join('/')}/package.json`;
}
const examplesRequire = createRequire(`${BENCH}../examples/workers/package.json`);
const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: BENCH, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};
const system = machine();
const versions = [
  [
    'csvfn',
    `${packageVersion('@csvfn/core')} at ${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--', '../packages') ? ' (+ uncommitted changes)' : ''}`,
  ],
  ['Node', process.version],
  ['Go', tools.go ? versionOf(tools.go, ['version']) : 'missing'],
  ['wrk', tools.wrk ? versionOf(tools.wrk, ['-v']) : 'missing'],
  ['taskset', tools.taskset ? versionOf(tools.taskset, ['--version']) : 'missing (no CPU pinning)'],
  ...[
    '@json2csv/plainjs',
    'papaparse',
    'csv-stringify',
    'zod',
    'hono',
    '@hono/node-server',
    'express',
    'serverless-http',
    'esbuild',
  ].map((name) => [name, packageVersion(name)]),
  ['wrangler', packageVersion('wrangler', examplesRequire)],
];
const sectionTitles = {
  bundles: 'Bundle size of each adapter’s example',
  conversion: 'Conversion in-process: JSON.parse + validate + CSV (+ UTF-8 bytes)',
  cpu: 'CPU per MiB converted, under Node, Deno and workerd (the edge budgets)',
  lambda: 'Lambda in-process: CPU per invocation of a 1,000-row HTTP API event',
  http: 'HTTP on loopback: server on CPU 0, wrk on CPU 1',
  fairness: 'Fairness: the 10k-row body, batch sizes side by side',
  coldstart: 'Cold start',
  streaming: 'Streaming: 100 MB NDJSON through @csvfn/adapter-node',
  tracing: 'Tracing: the 1,000-row HTTP case with an OpenTelemetry tracer, and without',
};
const report = [
  '# csvfn benchmarks',
  '',
  `Written by \`pnpm bench\` on ${new Date(started).toISOString()} (${((Date.now() - started) / 1000).toFixed(0)} s). Ratios are from this one run. Times are medians (each section says of what); the load average shows how busy the machine was with other work.`,
  '',
  table(
    ['machine', ''],
    [
      ['CPU', system.cpu],
      ['memory', system.memory],
      ['OS', system.os],
      ['load average at the end (1, 5, 15 min)', system.load],
    ],
  ),
  '',
  table(['tool', 'version'], versions),
  '',
  '## Targets (issue 15)',
  '',
  table(['target', 'this run', ''], targets),
  ...selected.flatMap((name) => ['', `## ${sectionTitles[name]}`, '', out[name].markdown]),
  '',
].join('\n');

console.log(report);
if (selected.length === SECTIONS.length) {
  writeFileSync(`${BENCH}RESULTS.md`, report);
  log(`Wrote bench/RESULTS.md`);
  writeRatioChart(`${BENCH}RESULTS.md`, `${BENCH}../docs/performance-ratios.svg`);
  log('Drew docs/performance-ratios.svg');
} else {
  log('Partial run: bench/RESULTS.md left as it was.');
}
