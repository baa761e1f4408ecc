// Posts `bytes` of NDJSON employees to `url` as fast as the server takes them (backpressure),
// reading the CSV as it comes; prints one JSON line: status, bytes each way, rows, TTFB, total time,
// and, to show how much of the total is the client's own doing, when its first byte went out and the
// CPU it used from start to end.
//   node bench/streaming/client.mjs <url> <bytes>

import { once } from 'node:events';
import { request } from 'node:http';
import { ndjsonChunks } from '../lib/data.mjs';

const [url, bytesArg] = process.argv.slice(2);
// The body is built and its rows counted before the clock starts, as the JSON.parse floor's lines
// are: the timed window is the server's to use (the chunks are a small pool of buffers, sent in turn).
const chunks = [...ndjsonChunks(Number(bytesArg))];
let sentBytes = 0;
let sentRows = 0;
for (const chunk of chunks) {
  sentBytes += chunk.byteLength;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) sentRows++;
}
const started = performance.now();
const cpuAtStart = process.cpuUsage();
let firstSentMs;
let firstByteMs;
let receivedBytes = 0;
let csvLines = 0;
let endsWithCr = false;
let status;
const finished = new Promise((resolve, reject) => {
  const req = request(url, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' } });
  req.on('error', reject);
  req.on('response', (res) => {
    status = res.statusCode;
    res.on('data', (chunk) => {
      firstByteMs ??= performance.now() - started;
      receivedBytes += chunk.byteLength;
      // Records end in CRLF (the bench data has no CR inside a cell); a CRLF may straddle two chunks.
      if (endsWithCr && chunk[0] === 10) csvLines++;
      for (let i = chunk.indexOf(13); i !== -1; i = chunk.indexOf(13, i + 1))
        if (chunk[i + 1] === 10) csvLines++;
      endsWithCr = chunk[chunk.byteLength - 1] === 13;
    });
    res.on('end', resolve);
    res.on('error', reject);
  });
  (async () => {
    for (const chunk of chunks) {
      firstSentMs ??= performance.now() - started;
      if (!req.write(chunk)) await once(req, 'drain');
    }
    req.end();
    return { sentBytes, sentRows };
  })().then((sent) => Object.assign(summary, sent), reject);
});
const summary = {};
await finished;
const cpu = process.cpuUsage(cpuAtStart);
console.log(
  JSON.stringify({
    status,
    ...summary,
    receivedBytes,
    csvLines,
    ttfbMs: firstByteMs,
    totalMs: performance.now() - started,
    firstSentMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
  }),
);
