// The floor of the streaming figure: `JSON.parse` of each NDJSON line of the same body, in one
// process with nothing else to do. Lines are decoded to strings first (untimed), so this is the
// parser alone. Prints one JSON line: MB/s of NDJSON over the best of three passes.
//   node bench/streaming/parse.mjs <bytes>
import { ndjsonChunks } from '../lib/data.mjs';

const bytes = Number(process.argv[2]);
const lines = [];
let total = 0;
for (const chunk of ndjsonChunks(bytes)) {
  total += chunk.byteLength;
  lines.push(...chunk.toString('utf8').split('\n').slice(0, -1));
}
let best = Number.POSITIVE_INFINITY;
for (let pass = 0; pass < 3; pass++) {
  const started = performance.now();
  for (const line of lines) JSON.parse(line);
  best = Math.min(best, performance.now() - started);
}
console.log(
  JSON.stringify({ bytes: total, lines: lines.length, bestMs: best, mbPerS: total / 1e6 / (best / 1e3) }),
);
