// pnpm bench: csvfn against its peers, side by side in one run. Prints every table, then the
// targets of issue 6 met or not, and writes them all to bench/RESULTS.md with the machine and
// the versions. `node bench/run.mjs conversion http` runs (and prints) only those sections.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { BENCH, buildAll } from './lib/build.mjs';
import { kib, mib, ms, ratio, table, verdict } from './lib/report.mjs';
import { machine, tools, versionOf } from './lib/system.mjs';
import { bundles } from './sections/bundles.mjs';
import { coldStart } from './sections/coldstart.mjs';
import { conversion } from './sections/conversion.mjs';
import { http } from './sections/http.mjs';
import { streaming } from './sections/streaming.mjs';

const SECTIONS = ['bundles', 'conversion', 'http', 'coldstart', 'streaming'];
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

log('Building the bundled servers and examples…');
const built = await buildAll();
const out = {};
for (const name of selected) {
  log(`Running ${name}…`);
  if (name === 'bundles') out.bundles = await bundles(built);
  if (name === 'conversion') out.conversion = await conversion(log);
  if (name === 'http') out.http = await http(built, log);
  if (name === 'coldstart') out.coldstart = await coldStart(built, log);
  if (name === 'streaming') out.streaming = await streaming(built, log);
}

// The targets of issue 6, each with its figure.
const targets = [];
if (out.conversion) {
  for (const rows of [10_000, 100_000]) {
    const value = out.conversion.csvfnVsLimit[rows];
    targets.push([
      `validate + convert ≤ 1.15× the limit loop, ${rows.toLocaleString('en-US')} rows`,
      `${ratio(value)} (string API: ${ratio(out.conversion.csvfnStringVsLimit[rows])})`,
      verdict(value <= 1.15),
    ]);
  }
}
if (out.http) {
  for (const [rows, wantedRatio] of [
    [1_000, 1.25],
    [10_000, 1.3],
  ]) {
    const r = out.http.ratios?.[rows];
    targets.push([
      `HTTP req/s ≥ ${wantedRatio}× the Go seed, ${rows.toLocaleString('en-US')} rows`,
      r ? ratio(r.requestsPerSecond) : 'not run (missing wrk)',
      verdict(r ? r.requestsPerSecond >= wantedRatio : undefined),
    ]);
    targets.push([
      `HTTP p99 no worse than the Go seed's, ${rows.toLocaleString('en-US')} rows`,
      r ? `${ratio(r.p99)} of Go's p99` : 'not run (missing wrk)',
      verdict(r ? r.p99 <= 1 : undefined),
    ]);
  }
}
if (out.bundles) {
  const gzip = out.bundles.results.workers.gzip;
  targets.push([
    'employee handler bundle (examples/workers) ≤ 12 KiB min+gz',
    kib(gzip),
    verdict(gzip <= 12 * 1024),
  ]);
}
if (out.coldstart) {
  const median = out.coldstart.results.csvfn?.medianMs;
  targets.push([
    'spawn → first response of the bundled Node entry ≤ 85 ms',
    `${ms(median)} ms`,
    verdict(median <= 85),
  ]);
}
if (out.streaming?.result) {
  const r = out.streaming.result;
  targets.push([
    '100 MB NDJSON: peak RSS ≤ 120 MiB',
    `${mib(r.peakRssMiB)} MiB${r.complete ? '' : ' (incomplete answer)'}`,
    verdict(r.peakRssMiB <= 120 && r.complete),
  ]);
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
    'esbuild',
  ].map((name) => [name, packageVersion(name)]),
  ['wrangler', packageVersion('wrangler', examplesRequire)],
];
const sectionTitles = {
  bundles: 'Bundle size of each adapter’s example',
  conversion: 'Conversion in-process: JSON.parse + validate + CSV (+ UTF-8 bytes)',
  http: 'HTTP on loopback: server on CPU 0, wrk on CPU 1',
  coldstart: 'Cold start',
  streaming: 'Streaming: 100 MB NDJSON through @csvfn/adapter-node',
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
  '## Targets (issue 6)',
  '',
  table(['target', 'this run', ''], targets),
  ...selected.flatMap((name) => ['', `## ${sectionTitles[name]}`, '', out[name].markdown]),
  '',
].join('\n');

console.log(report);
if (selected.length === SECTIONS.length) {
  writeFileSync(`${BENCH}RESULTS.md`, report);
  log(`Wrote bench/RESULTS.md`);
} else {
  log('Partial run: bench/RESULTS.md left as it was.');
}
