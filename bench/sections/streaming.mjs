/**
 * Streaming: 100 MB of NDJSON employees through csvfn's Node server (pinned to one CPU), sent by
 * a client on the other CPU as fast as the server takes it. The server's peak RSS (VmHWM, the
 * whole process) and the time to the first byte of CSV.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BENCH } from '../lib/build.mjs';
import { mib, ms, ratio, table } from '../lib/report.mjs';
import { CLIENT_CPU, rssMiB, SERVER_CPU, tools } from '../lib/system.mjs';
import { startServer } from './servers.mjs';

const run = promisify(execFile);
export const STREAM_BYTES = 100 * 1e6;

/** One body through `server`: the client's figures and the server's memory after it. */
async function once(server, bytes) {
  {
    const idle = rssMiB(server.child.pid);
    const args = [`${BENCH}streaming/client.mjs`, server.url, String(bytes)];
    const command = tools.taskset
      ? [tools.taskset, ['-c', CLIENT_CPU, process.execPath, ...args]]
      : [process.execPath, args];
    const { stdout } = await run(command[0], command[1], { maxBuffer: 1 << 20 });
    const client = JSON.parse(stdout);
    return {
      ...client,
      idleRssMiB: idle.rss,
      peakRssMiB: rssMiB(server.child.pid).peak,
      complete: client.status === 200 && client.csvLines === client.sentRows + 1,
      mbPerS: client.sentBytes / 1e6 / (client.totalMs / 1000),
    };
  }
}

/** JSON.parse's MB/s over the lines of a body of `bytes`, on the server's CPU. */
async function parseFloor(bytes) {
  const args = [`${BENCH}streaming/parse.mjs`, String(bytes)];
  const command = tools.taskset
    ? [tools.taskset, ['-c', SERVER_CPU, process.execPath, ...args]]
    : [process.execPath, args];
  const { stdout } = await run(command[0], command[1], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

export async function streaming(built, log) {
  if (built.servers.stream?.error)
    return { error: built.servers.stream.error, markdown: built.servers.stream.error };
  // One server: a tenth of the body first, then the whole. With memory flat, the peak after the
  // second (the process's high-water mark) is no higher than after the first.
  const server = await startServer('csvfn', built.servers.stream);
  let small;
  let result;
  try {
    small = await once(server, STREAM_BYTES / 10);
    result = await once(server, STREAM_BYTES);
  } finally {
    await server.stop();
  }
  // The floor over a tenth of the body: the same 16 chunks cycle, so the lines are alike.
  const floor = await parseFloor(STREAM_BYTES / 10);
  result.parseMbPerS = floor.mbPerS;
  result.vsParse = result.mbPerS / floor.mbPerS;
  log(
    `  streaming: peak RSS ${mib(result.peakRssMiB)} MiB, TTFB ${ms(result.ttfbMs)} ms, ${result.mbPerS.toFixed(1)} MB/s`,
  );
  const row = (r) => [
    `${(r.sentBytes / 1e6).toFixed(1)} MB NDJSON`,
    r.sentRows.toLocaleString('en-US'),
    r.status,
    `${(r.csvLines - 1).toLocaleString('en-US')}${r.complete ? '' : ' (**incomplete**)'}`,
    ms(r.ttfbMs),
    (r.totalMs / 1000).toFixed(1),
    r.mbPerS.toFixed(1),
    ratio(r.mbPerS / floor.mbPerS),
    mib(r.idleRssMiB),
    mib(r.peakRssMiB),
  ];
  return {
    result,
    markdown: `Server: \`createCsvHandler({ maxBodyBytes: 256 MiB, maxRows: 10M })\` on @csvfn/adapter-node, pinned to CPU 0; client on CPU 1 sends as fast as the server takes it and reads the CSV as it comes. One server process, the two bodies in turn; RSS is the whole process, peak = its high-water mark (VmHWM) so far. Floor: \`JSON.parse\` of each line of the same NDJSON (strings decoded beforehand) on the server's CPU, ${floor.mbPerS.toFixed(1)} MB/s.\n\n${table(
      [
        'body',
        'rows',
        'status',
        'CSV rows back',
        'TTFB ms',
        'total s',
        'MB/s in',
        '× JSON.parse MB/s',
        'server RSS idle MiB',
        'server peak RSS MiB',
      ],
      [row(small), row(result)],
    )}`,
  };
}
