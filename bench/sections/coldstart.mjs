/**
 * Cold start: from spawn() to the first complete response of the bundled entry (a 2-row
 * employee body), polling every millisecond while the server comes up. Median of several runs,
 * taken in rounds (each server once a round, in turn), so load from elsewhere on a shared machine
 * falls on every server alike and the ratio to the bare server holds.
 */
import { SERVERS } from '../lib/build.mjs';
import { ms, table } from '../lib/report.mjs';
import { cpuNs, freePort, SERVER_CPU, spawnPinned, stop } from '../lib/system.mjs';
import { commandOf } from './servers.mjs';

const RUNS = 15;
const NAMES = ['csvfn', 'hono', 'express', 'go', 'bare'];
const BODY = JSON.stringify([
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
]);

async function once(built) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/api`;
  const [command, args] = commandOf(built);
  const started = performance.now();
  const child = spawnPinned(SERVER_CPU, command, args, {
    env: { ...process.env, PORT: String(port) },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          body: BODY,
          headers: { 'content-type': 'application/json' },
        });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`status ${response.status}`);
        const wall = performance.now() - started;
        return { wall, cpu: cpuNs(child.pid) / 1e6 };
      } catch (error) {
        if (error.message?.startsWith('status')) throw error;
        if (performance.now() - started > 15_000) throw new Error('no answer within 15 s');
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
  } finally {
    await stop(child, 'SIGKILL');
  }
}

export async function coldStart(built, log) {
  const results = {};
  const runs = {};
  const running = [];
  for (const name of NAMES) {
    const server = built.servers[name];
    if (server?.error) results[name] = { error: server.error };
    else running.push(name);
  }
  const runOnce = async (name) => {
    try {
      return await once(built.servers[name]);
    } catch (error) {
      results[name] = { error: error.message };
      running.splice(running.indexOf(name), 1);
    }
  };
  // The first spawn of each warms the OS file cache; not counted.
  for (const name of [...running]) await runOnce(name);
  for (const name of running) runs[name] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const name of [...running]) {
      const run = await runOnce(name);
      if (run) runs[name].push(run);
    }
  }
  for (const name of running) {
    const times = runs[name].map((r) => r.wall).sort((a, b) => a - b);
    const cpu = runs[name].map((r) => r.cpu).sort((a, b) => a - b);
    results[name] = {
      medianMs: times[Math.floor(times.length / 2)],
      bestMs: times[0],
      cpuMedianMs: cpu[Math.floor(cpu.length / 2)],
      runs: RUNS,
    };
    log(
      `  cold start ${name}: ${ms(results[name].medianMs)} ms median, CPU ${ms(results[name].cpuMedianMs)} ms`,
    );
  }
  const body = NAMES.map((name) => {
    const r = results[name];
    const size = built.servers[name];
    const sizeText = size?.error
      ? ''
      : size.binary
        ? `${(size.min / 2 ** 20).toFixed(1)} MiB binary`
        : `${(size.min / 1024).toFixed(1)} KiB`;
    return r.error
      ? [SERVERS[name].label, r.error, '', '', '']
      : [SERVERS[name].label, ms(r.medianMs), ms(r.bestMs), ms(r.cpuMedianMs), sizeText];
  });
  return {
    results,
    markdown: `Spawn → first 200 of a 2-row POST, bundled minified entry (\`node dist/server-*.mjs\`), median of ${RUNS} runs after one unmeasured, taken in rounds (each server once a round, in turn); CPU ms: all the server process's threads from spawn to that answer (from /proc, so load from elsewhere on the machine does not count), median\n\n${table(['server', 'median ms', 'best ms', 'CPU ms', 'entry size'], body)}`,
  };
}
