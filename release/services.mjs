// Child processes for the rehearsal: one-shot commands whose output is kept for the report, and
// long-running services, each in its own process group so that stopping one stops what it forked
// (workerd under Miniflare, npx's node). Every service started is remembered, so `stopAll` can
// end exactly those processes, and `leftRunning` can prove none survived.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** Every process group started here (each child leads its own). */
const groups = new Set();

/**
 * Environment for a child: the caller's, without what pnpm sets for the script that runs the
 * rehearsal (npm would read `npm_config_*`/`npm_package_*` as its own config) and, with
 * `{ credentials: false }`, without anything that could carry a registry token.
 */
export function cleanEnv(extra = {}, { credentials = true } = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_package_') || lower.startsWith('npm_lifecycle_') || lower.startsWith('pnpm_'))
      continue;
    if (
      ['npm_command', 'npm_config_user_agent', 'npm_execpath', 'npm_node_execpath', 'init_cwd'].includes(
        lower,
      )
    )
      continue;
    if (lower === 'npm_config_verify_deps_before_run' || lower === 'npm_config_frozen_lockfile') continue;
    if (!credentials && (lower.startsWith('npm_config_') || /token/.test(lower))) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * Runs a command to completion. Resolves with its output; rejects with the command, its exit
 * and the last lines it printed, so the failure says why without a log file.
 */
export function run(command, args, { cwd, env, timeout = 300_000, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    groups.add(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // A child that exits before reading its input closes the pipe: EPIPE here is no failure of
    // ours (its exit code says how it went), and unhandled it would crash the rehearsal.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
    const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), timeout);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ stdout, stderr });
      const why = signal
        ? `killed (${signal}${signal === 'SIGKILL' ? `, over ${timeout} ms` : ''})`
        : `exit ${code}`;
      reject(new Error(`${[command, ...args].join(' ')} (in ${cwd}): ${why}\n${tail(stdout, stderr)}`));
    });
  });
}

/**
 * Starts a long-running child and, given `ready`, waits until it prints a line matching it (its
 * first group is returned, e.g. a URL), or with `ipc` until it sends its port. Its output goes on
 * collecting for the failure report.
 */
export async function startService(name, command, args, { cwd, env, ready, timeout = 60_000, ipc = false }) {
  const child = spawn(command, args, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])],
    detached: true,
  });
  groups.add(child.pid);
  let output = '';
  let running = true;
  const exited = once(child, 'exit').then(([code, signal]) => {
    running = false;
    return { code, signal };
  });
  const found = new Promise((resolve) => {
    if (!ready && !ipc) resolve(undefined);
    const scan = (chunk) => {
      output += chunk;
      const match = ready?.exec(output);
      if (match) resolve(match[1] ?? match[0]);
    };
    child.stdout.on('data', scan);
    child.stderr.on('data', scan);
    if (ipc) child.on('message', (message) => message?.port && resolve(`http://127.0.0.1:${message.port}`));
  });
  const diedEarly = exited.then(({ code, signal }) => {
    throw new Error(`${name} exited (${signal ?? code}) before it was ready:\n${tail(output)}`);
  });
  // Once ready, a later exit (stop() included) is no longer an error.
  diedEarly.catch(() => {});
  let timer;
  const value = await Promise.race([
    found,
    diedEarly,
    new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${name} not ready after ${timeout} ms:\n${tail(output)}`)),
        timeout,
      );
    }),
  ]).finally(() => clearTimeout(timer));
  return {
    value,
    output: () => output,
    /** Asks politely (SIGTERM, or the IPC `shutdown` Vercel's dev server expects), then insists. */
    async stop() {
      if (running) {
        if (ipc && child.connected) child.send('shutdown');
        else killGroup(child.pid, 'SIGTERM');
        const forced = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5_000);
        await exited;
        clearTimeout(forced);
      }
      // Whatever the leader forked and left behind goes with the group.
      killGroup(child.pid, 'SIGKILL');
    },
  };
}

/** Ends every process group started here that still has a live member (the `finally`). */
export function stopAll() {
  for (const pgid of leftRunning()) killGroup(pgid, 'SIGKILL');
}

/** The process groups started here that still have a live member: must be none at the end. */
export function leftRunning() {
  return [...groups].filter((pgid) => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  });
}

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

function tail(...texts) {
  const lines = texts.join('\n').trim().split('\n');
  return lines.slice(-40).join('\n');
}
