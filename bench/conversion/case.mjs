// One conversion case in its own process, so its peak RSS is its own:
//   node bench/conversion/case.mjs <implementation> <rows>
//   node --expose-gc bench/conversion/case.mjs <implementation> <rows> gc
// With `gc`, a full garbage collection runs before every call, outside the timed region (10 warm-up
// and 12 timed calls): what a server pays for its next request after a major GC.
// Prints one JSON line: median and best milliseconds per conversion, MB/s of JSON in, peak RSS.
// Every implementation starts from the JSON text and ends with the CSV as UTF-8 bytes, the
// shape a function receives and returns: a string result goes through Buffer.from (csvfn's bytes
// are already UTF-8, and are taken as they are).
import { Buffer } from 'node:buffer';
import { employeesJson } from '../lib/data.mjs';

const COLUMNS = [
  { key: 'name', label: 'Name' },
  { key: 'age', label: 'Age' },
  { key: 'jobTitle', label: 'Job Title' },
  { key: 'badgeNumber', label: 'Badge Number' },
];

const encoder = new TextEncoder();
let lastText;
let lastBytes;
/** The body's bytes, as a function receives them: encoded once per text, outside the timing. */
function bytesOf(text) {
  if (text !== lastText) {
    lastBytes = encoder.encode(text);
    lastText = text;
  }
  return lastBytes;
}

/** Each returns `(jsonText) => csvString`; setup (imports, parser objects) happens once, outside the timing. */
const implementations = {
  async csvfn() {
    const { createConverter } = await import('@csvfn/core');
    const { employeeSchema } = await import('@csvfn/core/employee');
    // As the HTTP handler does: from the body's bytes as they arrive (encoded once, outside the
    // timing: a function receives bytes, not text), one converter per request, every row checked
    // against employeeSchema, CSV bytes out. Flat rows go straight from bytes to CSV.
    return (text) => createConverter({ schema: employeeSchema }).fromJson(bytesOf(text));
  },
  async 'csvfn-rows'() {
    const { createConverter, parseJson } = await import('@csvfn/core');
    const { employeeSchema } = await import('@csvfn/core/employee');
    // The general path, which nested rows and richer schemas take: parse (numbers kept as sent),
    // then validate and write each row, the CSV encoded piece by piece straight to bytes.
    return (text) => createConverter({ schema: employeeSchema }).toCsvBytes(parseJson(text));
  },
  async 'csvfn-string'() {
    const { createConverter, parseJson } = await import('@csvfn/core');
    const { employeeSchema } = await import('@csvfn/core/employee');
    // The same through the string API, then encoded like the peers' strings.
    return (text) => createConverter({ schema: employeeSchema }).toCsv(parseJson(text));
  },
  async 'rows-schema'() {
    const { createConverter } = await import('@csvfn/core');
    const { employeeSchema } = await import('@csvfn/core/employee');
    // The rows API as a library user calls it on rows they hold: JSON.parse, then toCsvBytes.
    return (text) => createConverter({ schema: employeeSchema }).toCsvBytes(JSON.parse(text));
  },
  async 'rows-schemaless'() {
    const { createConverter } = await import('@csvfn/core');
    // The same without a schema: the rows' keys are the columns.
    return (text) => createConverter().toCsvBytes(JSON.parse(text));
  },
  async 'fresh-memory'() {
    // Reference: no conversion, only a fresh buffer the CSV's size (about half the JSON's, as the
    // direct path sizes its output) written once per 4 KiB page: what a converter that returns
    // new bytes pays the OS for memory. After a GC the freed buffers may have gone back to the OS,
    // and each page faults in again; JSON.parse's objects live in the engine's heap, which keeps
    // its pages.
    return (text) => {
      const bytes = new Uint8Array(text.length >> 1);
      for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 1;
      return bytes;
    };
  },
  async 'json-parse'() {
    // The floor: JSON.parse of the body string alone, nothing converted or written.
    return (text) => {
      JSON.parse(text);
      return '';
    };
  },
  async 'json-parse-bytes'() {
    // What a JSON.parse-based server pays from the body's bytes: decode (fatal, as csvfn checks), parse.
    const decoder = new TextDecoder('utf-8', { fatal: true });
    return (text) => {
      JSON.parse(decoder.decode(bytesOf(text)));
      return '';
    };
  },
  async limit() {
    // The hand-written floor: no validation, no formula defence, one regex test per string cell.
    const needsQuotes = /[",\r\n]/;
    const cell = (value) => (needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
    return (text) => {
      const rows = JSON.parse(text);
      let out = 'Name,Age,Job Title,Badge Number\r\n';
      for (const row of rows)
        out += `${cell(row.name)},${row.age},${cell(row.jobTitle)},${row.badgeNumber}\r\n`;
      return out;
    };
  },
  async json2csv() {
    const { Parser } = await import('@json2csv/plainjs');
    const parser = new Parser({
      fields: COLUMNS.map(({ key, label }) => ({ label, value: key })),
      eol: '\r\n',
    });
    return (text) => parser.parse(JSON.parse(text));
  },
  async papaparse() {
    const { default: Papa } = await import('papaparse');
    const columns = COLUMNS.map((column) => column.key);
    return (text) => Papa.unparse(JSON.parse(text), { columns, newline: '\r\n' });
  },
  async 'csv-stringify'() {
    const { stringify } = await import('csv-stringify/sync');
    const columns = COLUMNS.map(({ key, label }) => ({ key, header: label }));
    return (text) => stringify(JSON.parse(text), { header: true, columns, record_delimiter: 'windows' });
  },
  async 'zod+csv-stringify'() {
    // The naive stack: zod (classic) validates the array, csv-stringify writes it.
    const { z } = await import('zod');
    const { stringify } = await import('csv-stringify/sync');
    const schema = z.array(
      z.object({ name: z.string(), age: z.int(), jobTitle: z.string(), badgeNumber: z.int() }),
    );
    const columns = COLUMNS.map(({ key, label }) => ({ key, header: label }));
    return (text) =>
      stringify(schema.parse(JSON.parse(text)), { header: true, columns, record_delimiter: 'windows' });
  },
};

/** The CSV as UTF-8 bytes: a string is encoded; bytes (csvfn's) are already what a function sends. */
function toBytes(csv) {
  return typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv;
}

const [name, rowsArg, mode] = process.argv.slice(2);
const rows = Number(rowsArg);
const make = implementations[name];
const afterGc = mode === 'gc';
if (!make || !Number.isInteger(rows) || (mode !== undefined && !afterGc) || (afterGc && !globalThis.gc)) {
  console.error(`usage: [node --expose-gc] case.mjs <${Object.keys(implementations).join('|')}> <rows> [gc]`);
  process.exit(2);
}

const text = employeesJson(rows);
const convert = await make();
const baselineRssKiB = process.resourceUsage().maxRSS;

// Warm up, then repeat for about a second (at least 8 times, at most 300): the median is steady
// enough for a ratio, and the whole bench stays short. After a GC: 10 warm-up, 12 timed calls.
const warmup = afterGc ? 10 : Math.max(3, Math.min(100, Math.round(300_000 / rows)));
for (let i = 0; i < warmup; i++) {
  if (afterGc) gc();
  toBytes(convert(text));
}
const times = [];
let bytesOut = 0;
const started = performance.now();
const more = afterGc
  ? () => times.length < 12
  : () => times.length < 8 || (times.length < 300 && performance.now() - started < 1_000);
while (more()) {
  if (afterGc) gc();
  const start = performance.now();
  const bytes = toBytes(convert(text));
  times.push(performance.now() - start);
  bytesOut = bytes.byteLength;
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  JSON.stringify({
    name: afterGc ? `${name}+gc` : name,
    rows,
    iterations: times.length,
    medianMs: median,
    bestMs: times[0],
    mbPerS: Buffer.byteLength(text) / 1e6 / (median / 1e3),
    bytesIn: Buffer.byteLength(text),
    bytesOut,
    baselineRssMiB: baselineRssKiB / 1024,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
