// The floor of the streaming figure: `JSON.parse` over the lines of the same body, in one process
// with nothing else to do, two ways: each line on its own (what a line-by-line NDJSON reader does),
// and each chunk's lines as one array, `[` + lines joined by `,` + `]` (what JSON.parse does at its
// fastest: no call per row). Lines are decoded to strings first (untimed), so this is the parser
// alone. Timed in CPU time (process.cpuUsage), so other work on a shared machine does not lower it.
// Prints one JSON line: MB/s of NDJSON for each, over the best of five passes.
//   node bench/streaming/parse.mjs <bytes>
import { ndjsonChunks } from '../lib/data.mjs';

const bytes = Number(process.argv[2]);
const lines = [];
const arrays = [];
let total = 0;
for (const chunk of ndjsonChunks(bytes)) {
  total += chunk.byteLength;
  const chunkLines = chunk.toString('utf8').split('\n').slice(0, -1);
  lines.push(...chunkLines);
  arrays.push(`[${chunkLines.join(',')}]`);
}
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const best = (parse) => {
  let fastest = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 5; pass++) {
    const started = cpuMs();
    parse();
    fastest = Math.min(fastest, cpuMs() - started);
  }
  return total / 1e6 / (fastest / 1e3);
};
const perLine = best(() => {
  for (const line of lines) JSON.parse(line);
});
const batched = best(() => {
  for (const array of arrays) JSON.parse(array);
});
console.log(
  JSON.stringify({ bytes: total, lines: lines.length, perLineMbPerS: perLine, batchedMbPerS: batched }),
);
