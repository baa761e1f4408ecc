/**
 * Streaming: 100 MB of NDJSON employees through csvfn's Node server (pinned to one CPU), sent by
 * a client on the other CPU as fast as the server takes it (a real socket upload, chunked, from a
 * separate process). The server's peak RSS (VmHWM, the whole process), the time to the first byte
 * of CSV, MB/s as the client saw it and per second of the server's CPU time, against the floor:
 * `JSON.parse` over the same lines, timed in CPU time, once before the large body and once after.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { BENCH } from '../lib/build.mjs';
import { mib, ms, ratio, table } from '../lib/report.mjs';
import { CLIENT_CPU, cpuNsByThread, rssMiB, SERVER_CPU, tools } from '../lib/system.mjs';
import { startServer } from './servers.mjs';

const run = promisify(execFile);
export const STREAM_BYTES = 100 * 1e6;

/** One body through `server`: the client's figures and the server's memory after it. */
async function once(server, bytes) {
  {
    const idle = rssMiB(server.child.pid);
    const cpuBefore = cpuNsByThread(server.child.pid);
    const args = [`${BENCH}streaming/client.mjs`, server.url, String(bytes)];
    const command = tools.taskset
      ? [tools.taskset, ['-c', CLIENT_CPU, process.execPath, ...args]]
      : [process.execPath, args];
    const { stdout } = await run(command[0], command[1], { maxBuffer: 1 << 20 });
    const client = JSON.parse(stdout);
    const cpuAfter = cpuNsByThread(server.child.pid);
    const serverMainS = (cpuAfter.main - cpuBefore.main) / 1e9;
    const serverOthersS = (cpuAfter.others - cpuBefore.others) / 1e9;
    const serverCpuS = serverMainS + serverOthersS;
    return {
      ...client,
      idleRssMiB: idle.rss,
      peakRssMiB: rssMiB(server.child.pid).peak,
      complete: client.status === 200 && client.csvLines === client.sentRows + 1,
      mbPerS: client.sentBytes / 1e6 / (client.totalMs / 1000),
      serverCpuS,
      serverMainS,
      serverOthersS,
      cpuMbPerS: client.sentBytes / 1e6 / serverCpuS,
      // The most MB/s the client could have seen with the server taking no time: its own CPU
      // (sending, reading the CSV, building its data) on its one CPU.
      clientMbPerS: client.sentBytes / 1e6 / (client.cpuMs / 1000),
    };
  }
}

/** JSON.parse's MB/s of CPU time over the lines of a body of `bytes` (each line, and batched), on the server's CPU. */
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
  // The floor over a tenth of the body (the same 16 chunks cycle, so the lines are alike), measured
  // on either side of the large body so the two are taken under the same conditions.
  // A third body, the large one again, shows the server warm: the second still pays for V8
  // compiling the per-chunk code of Node's HTTP and streams and of csvfn (its compiler threads took
  // about a fifth of that body's CPU, docs/performance.md), where JSON.parse's floor is the best
  // of five passes.
  const server = await startServer('csvfn', built.servers.stream);
  let small;
  let result;
  let warm;
  const floors = [];
  try {
    small = await once(server, STREAM_BYTES / 10);
    floors.push(await parseFloor(STREAM_BYTES / 10));
    result = await once(server, STREAM_BYTES);
    floors.push(await parseFloor(STREAM_BYTES / 10));
    warm = await once(server, STREAM_BYTES);
  } finally {
    await server.stop();
  }
  const mean = (field) => floors.reduce((sum, f) => sum + f[field], 0) / floors.length;
  const floor = { perLine: mean('perLineMbPerS'), batched: mean('batchedMbPerS') };
  // The target's floor is JSON.parse at its fastest (batched): the stricter of the two.
  result.parseMbPerS = floor.batched;
  result.perLineMbPerS = floor.perLine;
  result.vsParse = result.mbPerS / floor.batched;
  result.cpuVsParse = result.cpuMbPerS / floor.batched;
  result.vsPerLine = result.mbPerS / floor.perLine;
  result.warmCpuVsParse = warm.cpuMbPerS / floor.batched;
  result.clientVsParse = result.clientMbPerS / floor.batched;
  log(
    `  streaming: peak RSS ${mib(result.peakRssMiB)} MiB, TTFB ${ms(result.ttfbMs)} ms, ${result.mbPerS.toFixed(1)} MB/s (${result.cpuMbPerS.toFixed(1)} per server CPU s; warm ${warm.cpuMbPerS.toFixed(1)}), JSON.parse ${floor.batched.toFixed(1)} batched / ${floor.perLine.toFixed(1)} per line; server CPU ${result.serverMainS.toFixed(2)} s main + ${result.serverOthersS.toFixed(2)} s other threads, client CPU ${(result.cpuMs / 1000).toFixed(2)} s (${ratio(result.clientVsParse)} JSON.parse), its first byte out at ${ms(result.firstSentMs)} ms`,
  );
  const row = (r, label = '') => [
    `${(r.sentBytes / 1e6).toFixed(1)} MB NDJSON${label}`,
    r.sentRows.toLocaleString('en-US'),
    r.status,
    `${(r.csvLines - 1).toLocaleString('en-US')}${r.complete ? '' : ' (**incomplete**)'}`,
    ms(r.ttfbMs),
    (r.totalMs / 1000).toFixed(1),
    r.mbPerS.toFixed(1),
    r.cpuMbPerS.toFixed(1),
    ratio(r.mbPerS / floor.batched),
    ratio(r.cpuMbPerS / floor.batched),
    ratio(r.mbPerS / floor.perLine),
    `${r.serverMainS.toFixed(2)} + ${r.serverOthersS.toFixed(2)}`,
    (r.cpuMs / 1000).toFixed(2),
    ratio(r.clientMbPerS / floor.batched),
    ms(r.firstSentMs),
    mib(r.idleRssMiB),
    mib(r.peakRssMiB),
  ];
  return {
    result,
    markdown: `Server: \`createCsvHandler({ maxBodyBytes: 256 MiB, maxRows: 10M })\` on @csvfn/adapter-node, pinned to CPU 0; client on CPU 1 sends as fast as the server takes it and reads the CSV as it comes. One server process, the bodies in turn (the large one twice: the second time the server is warm); RSS is the whole process, peak = its high-water mark (VmHWM) so far. MB/s per server CPU s: the body's MB over the CPU seconds the server process used for it (from /proc; other work on the machine does not lower it). Floor, on the server's CPU and in CPU time (the mean of a run before and one after the large body): \`JSON.parse\` over the same lines (strings decoded beforehand), ${floor.batched.toFixed(1)} MB/s with each chunk's lines parsed as one array (the target's floor: JSON.parse at its fastest), ${floor.perLine.toFixed(1)} MB/s one line at a time. The lines carry the bench data's mix (escapes in about 10% of rows, non-ASCII names in about 31%). Where the wall clock goes: the server's CPU split between its main thread (the JavaScript) and its other threads (V8's compiler and GC helpers, which share its one CPU); the client's own CPU for the body (sending it and reading the CSV; it builds the body and counts its rows before its clock starts, as the floor's lines are decoded beforehand), and the MB/s in that alone would allow, × JSON.parse: a ceiling on \`MB/s in\` whatever the server does.\n\n${table(
      [
        'body',
        'rows',
        'status',
        'CSV rows back',
        'TTFB ms',
        'total s',
        'MB/s in',
        'MB/s per server CPU s',
        '× JSON.parse (batched)',
        'server CPU × JSON.parse (batched)',
        '× JSON.parse (per line)',
        'server CPU s: main + other threads',
        'client CPU s',
        'client alone × JSON.parse (batched)',
        'client first byte out, ms',
        'server RSS idle MiB',
        'server peak RSS MiB',
      ],
      [row(small), row(result), row(warm, ', again (warm)')],
    )}`,
  };
}
