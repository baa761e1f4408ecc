/**
 * In-process conversion: JSON text -> validated rows -> CSV bytes, each (implementation, size) in
 * its own child process so that its peak RSS is its own. Three rounds, interleaved; each case keeps
 * the round with the lower median, so a burst of load from elsewhere on the machine does not
 * decide a ratio.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BENCH } from '../lib/build.mjs';
import { employees, mixOf } from '../lib/data.mjs';
import { mib, ms, ratio, table } from '../lib/report.mjs';

const run = promisify(execFile);

export const IMPLEMENTATIONS = [
  'csvfn',
  'csvfn-rows',
  'csvfn-string',
  'rows-schema',
  'rows-schemaless',
  'fresh-memory',
  'json-parse',
  'json-parse-bytes',
  'limit',
  'json2csv',
  'papaparse',
  'csv-stringify',
  'zod+csv-stringify',
];
export const SIZES = [1_000, 10_000, 100_000];
/** Also measured with a full `gc()` before each call (outside the timing): the after-GC cost. */
export const AFTER_GC = [
  'csvfn',
  'csvfn-rows',
  'rows-schema',
  'rows-schemaless',
  'fresh-memory',
  'json-parse',
];
const ROUNDS = 3;

const DESCRIPTIONS = {
  csvfn: 'csvfn `createConverter().fromJson(body bytes)`, as the handler (validates every row)',
  'csvfn-rows':
    'csvfn `createConverter().toCsvBytes(parseJson(text))`, the general path (nested rows, rich schemas)',
  'csvfn-string': 'csvfn `createConverter().toCsv` string, then bytes',
  'rows-schema': 'the rows API: `JSON.parse`, then `createConverter({ schema }).toCsvBytes(rows)`',
  'rows-schemaless': 'the rows API without a schema: `JSON.parse`, then `createConverter().toCsvBytes(rows)`',
  'fresh-memory':
    'reference: no conversion, a fresh buffer the size of the CSV written once per 4 KiB page (the OS’s price for new memory)',
  'json-parse': 'floor: `JSON.parse` of the body string alone',
  'json-parse-bytes': '`JSON.parse` from the body bytes (a fatal `TextDecoder` first), as a server must',
  limit: 'hand-written limit loop (no validation, minimal quoting)',
  json2csv: '`@json2csv/plainjs` Parser',
  papaparse: '`papaparse.unparse`',
  'csv-stringify': '`csv-stringify/sync`',
  'zod+csv-stringify': 'zod (classic) array parse + `csv-stringify/sync`',
};

/** One case in its own process; `afterGc` runs it under `--expose-gc` with `gc()` before each call. */
async function runCase(name, rows, afterGc) {
  const args = [`${BENCH}conversion/case.mjs`, name, String(rows)];
  const { stdout } = await run(process.execPath, afterGc ? ['--expose-gc', ...args, 'gc'] : args, {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout);
}

export async function conversion(log) {
  const results = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const rows of SIZES) {
      const cases = [
        ...IMPLEMENTATIONS.map((name) => [name, false]),
        ...AFTER_GC.map((name) => [name, true]),
      ];
      for (const [name, afterGc] of round % 2 ? cases.reverse() : cases) {
        const result = await runCase(name, rows, afterGc);
        const key = `${result.name}@${rows}`;
        const kept = results[key];
        if (!kept || result.medianMs < kept.medianMs)
          results[key] = { ...result, peakRssMiB: Math.max(result.peakRssMiB, kept?.peakRssMiB ?? 0) };
        else kept.peakRssMiB = Math.max(kept.peakRssMiB, result.peakRssMiB);
        log(`  conversion ${key}: ${ms(result.medianMs)} ms median, peak RSS ${mib(result.peakRssMiB)} MiB`);
      }
    }
  }
  const at = (name, rows) => results[`${name}@${rows}`];
  const versusLimit = (name) =>
    Object.fromEntries(SIZES.map((rows) => [rows, at(name, rows).medianMs / at('limit', rows).medianMs]));
  const csvfnVsLimit = versusLimit('csvfn');
  const csvfnStringVsLimit = versusLimit('csvfn-string');
  const versusParse = (name) =>
    Object.fromEntries(
      SIZES.map((rows) => [rows, at(name, rows).medianMs / at('json-parse', rows).medianMs]),
    );
  const csvfnVsParse = versusParse('csvfn');
  const json2csvVsParse = versusParse('json2csv');
  const tables = SIZES.map((rows) => {
    const limit = at('limit', rows).medianMs;
    const floor = at('json-parse', rows).medianMs;
    const body = IMPLEMENTATIONS.map((name) => {
      const r = at(name, rows);
      return [
        DESCRIPTIONS[name],
        ms(r.medianMs),
        ms(r.bestMs),
        r.mbPerS.toFixed(0),
        ratio(r.medianMs / floor),
        ratio(r.medianMs / limit),
        mib(r.peakRssMiB),
        mib(r.peakRssMiB - r.baselineRssMiB),
      ];
    });
    return `**${rows.toLocaleString('en-US')} rows** (${(at('limit', rows).bytesIn / 1e6).toFixed(2)} MB of JSON)\n\n${table(
      [
        'implementation',
        'median ms',
        'best ms',
        'MB/s',
        '× JSON.parse',
        '× limit',
        'peak RSS MiB',
        'RSS growth MiB',
      ],
      body,
    )}`;
  });
  const gcTable = table(
    [
      'case',
      ...SIZES.map((rows) => `${rows.toLocaleString('en-US')} rows: tight / after GC ms`),
      'after GC × JSON.parse after GC',
    ],
    AFTER_GC.map((name) => [
      DESCRIPTIONS[name],
      ...SIZES.map((rows) => `${ms(at(name, rows).medianMs)} / ${ms(at(`${name}+gc`, rows).medianMs)}`),
      SIZES.map((rows) => ratio(at(`${name}+gc`, rows).medianMs / at('json-parse+gc', rows).medianMs)).join(
        ' / ',
      ),
    ]),
  );
  // Issue 25's targets, each a ratio of two cases of this run: tight loop, and after a major GC
  // (issue 25's own method: `gc()` before each of 10 warm-up and 12 timed calls).
  const TARGET_SIZES = [10_000, 100_000];
  const targets = [
    ['`converter.fromJson(bytes)` (the handler’s path)', 'csvfn', 1.2],
    ['rows API with the employee schema: `JSON.parse` + `toCsvBytes(rows)`', 'rows-schema', 2.0],
    ['rows API without a schema: `JSON.parse` + `toCsvBytes(rows)`', 'rows-schemaless', 2.0],
  ].flatMap(([what, name, limit]) =>
    [
      ['after a major GC', '+gc'],
      ['tight loop', ''],
    ].map(([how, suffix]) => {
      const values = TARGET_SIZES.map(
        (rows) => at(`${name}${suffix}`, rows).medianMs / at(`json-parse${suffix}`, rows).medianMs,
      );
      return [
        `${what} ÷ \`JSON.parse\` alone, ${how}, 10k / 100k rows: ≤ ${limit.toFixed(1)}×`,
        values.map(ratio).join(' / '),
        values.every((value) => value <= limit),
      ];
    }),
  );
  const targetTable = table(
    ['target (issue 25)', 'this run', ''],
    targets.map(([text, figure, ok]) => [text, figure, ok ? 'met' : '**NOT met**']),
  );
  const mix = mixOf(employees(10_000));
  const percent = (share) => `${(share * 100).toFixed(1)}%`;
  const intro = `JSON text in (csvfn's handler row and \`JSON.parse\` from bytes start from the body's UTF-8 bytes, as a function receives them; encoded once, outside the timing), CSV as UTF-8 bytes out (a string result through \`Buffer.from\`; bytes as they are), the same deterministic employee rows for all, with a real export's mix (of 10,000 rows: ${percent(mix.escapes)} hold a JSON escape (an escaped quote, newline, tab or backslash); ${percent(mix.nonAscii)} a non-ASCII name; ${percent(mix.long)} a job title of 178 characters; a few commas, edge spaces and formula-like strings). Each case in its own process: warm-up, then about a second of repetitions; the median shown is the lowest of ${ROUNDS} interleaved rounds. Peak RSS is the child process's (\`resourceUsage().maxRSS\`); growth is over the RSS once the JSON text exists.`;
  return {
    results,
    csvfnVsLimit,
    csvfnStringVsLimit,
    csvfnVsParse,
    json2csvVsParse,
    targets,
    markdown: [
      intro,
      `**Issue 25's targets**, each the ratio of two medians of this run (the cases below):\n\n${targetTable}`,
      ...tables,
      `**After a major GC**: the same cases, each in its own process under \`--expose-gc\`, \`gc()\` before each of 10 warm-up and 12 timed calls (outside the timing), median shown beside the tight-loop median above; a server that has just collected garbage pays this for its next request.\n\n${gcTable}`,
    ].join('\n\n'),
  };
}
