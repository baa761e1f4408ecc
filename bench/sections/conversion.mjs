/**
 * In-process conversion: JSON text -> validated rows -> CSV bytes, each (implementation, size) in
 * its own child process so that its peak RSS is its own. Three rounds, interleaved; each case keeps
 * the round with the lower median, so a burst of load from elsewhere on the machine does not
 * decide a ratio.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BENCH } from '../lib/build.mjs';
import { mib, ms, ratio, table } from '../lib/report.mjs';

const run = promisify(execFile);

export const IMPLEMENTATIONS = [
  'csvfn',
  'csvfn-rows',
  'csvfn-string',
  'json-parse',
  'json-parse-bytes',
  'limit',
  'json2csv',
  'papaparse',
  'csv-stringify',
  'zod+csv-stringify',
];
export const SIZES = [1_000, 10_000, 100_000];
const ROUNDS = 3;

const DESCRIPTIONS = {
  csvfn: 'csvfn `createConverter().fromJson(body bytes)`, as the handler (validates every row)',
  'csvfn-rows':
    'csvfn `createConverter().toCsvBytes(parseJson(text))`, the general path (nested rows, rich schemas)',
  'csvfn-string': 'csvfn `createConverter().toCsv` string, then bytes',
  'json-parse': 'floor: `JSON.parse` of the body string alone',
  'json-parse-bytes': '`JSON.parse` from the body bytes (a fatal `TextDecoder` first), as a server must',
  limit: 'hand-written limit loop (no validation, minimal quoting)',
  json2csv: '`@json2csv/plainjs` Parser',
  papaparse: '`papaparse.unparse`',
  'csv-stringify': '`csv-stringify/sync`',
  'zod+csv-stringify': 'zod (classic) array parse + `csv-stringify/sync`',
};

export async function conversion(log) {
  const results = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const rows of SIZES) {
      for (const name of round % 2 ? [...IMPLEMENTATIONS].reverse() : IMPLEMENTATIONS) {
        const { stdout } = await run(process.execPath, [`${BENCH}conversion/case.mjs`, name, String(rows)], {
          maxBuffer: 1 << 20,
        });
        const result = JSON.parse(stdout);
        const key = `${name}@${rows}`;
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
  const intro = `JSON text in (csvfn's handler row and \`JSON.parse\` from bytes start from the body's UTF-8 bytes, as a function receives them; encoded once, outside the timing), CSV as UTF-8 bytes out (a string result through \`Buffer.from\`; bytes as they are), the same deterministic employee rows for all (quotes, commas, newlines, non-ASCII, formula-like strings). Each case in its own process: warm-up, then about a second of repetitions; the median shown is the lowest of ${ROUNDS} interleaved rounds. Peak RSS is the child process's (\`resourceUsage().maxRSS\`); growth is over the RSS once the JSON text exists.`;
  return {
    results,
    csvfnVsLimit,
    csvfnStringVsLimit,
    csvfnVsParse,
    json2csvVsParse,
    markdown: [intro, ...tables].join('\n\n'),
  };
}
