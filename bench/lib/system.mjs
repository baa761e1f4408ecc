/** What the bench needs from the machine: tools, CPU pinning, process CPU time and memory, ports. */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { freePort } from '../../scripts/freePort.mjs';

export { freePort };

/** The path of `name` on PATH, or `undefined`. */
export function which(name) {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The first line of `command --version` (or whatever `args` ask), or `undefined`. */
export function versionOf(command, args = ['--version']) {
  try {
    const out = execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return out
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim();
  } catch (error) {
    // wrk prints its version to stdout and exits 1.
    const out = `${error.stdout ?? ''}`;
    return out
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim();
  }
}

export const tools = {
  taskset: which('taskset'),
  go: which('go'),
  wrk: which('wrk'),
};

/** CPUs the server and the load generator are pinned to (one each), when the machine has two. */
export const SERVER_CPU = '0';
export const CLIENT_CPU = os.availableParallelism() > 1 ? '1' : '0';

/** Spawns `command` pinned to `cpu` with taskset when available. */
export function spawnPinned(cpu, command, args, options = {}) {
  if (tools.taskset) return spawn(tools.taskset, ['-c', cpu, command, ...args], options);
  return spawn(command, args, options);
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** User + system CPU milliseconds a process (all its threads) has used so far, from /proc. */
export function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * CPU nanoseconds all threads of a process have run so far, from /proc/<pid>/task/<tid>/schedstat:
 * precise where the tick-based figure of `cpuMs` is 10 ms coarse, and unlike wall time it does
 * not grow when other work on the machine holds the CPU.
 */
export function cpuNs(pid) {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return total;
}

/**
 * {@link cpuNs} split between the process's main thread (its JavaScript) and its other threads
 * (V8's compiler and GC helpers, libuv's pool), which share the CPU a pinned process runs on.
 */
export function cpuNsByThread(pid) {
  let main = 0;
  let others = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      if (tid === String(pid)) main += ns;
      else others += ns;
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return { main, others };
}

/** Current and peak resident memory of a process, in MiB, from /proc. */
export function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** Waits until `url` answers a POST of `body` (any status), polling every millisecond. */
export async function waitForServer(url, body, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      await response.arrayBuffer();
      return response;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`no answer from ${url}: ${error.cause?.code ?? error.message}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
}

/** Stops a child and waits for it to be gone. */
export function stop(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** The machine, for the results. */
export function machine() {
  const cpus = os.cpus();
  const memory = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
  return {
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    memory,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    load: os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' '),
  };
}
