import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';

/** A server in a runtime of its own (Deno, Bun, the Functions Framework), and its address. */
export interface ChildServer {
  /** Origin it listens on, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Stops the process and waits for it to exit. */
  close(): Promise<void>;
}

/**
 * Starts a server process and resolves once it prints the URL it listens on (`pattern`'s first
 * group), or, for a server that prints nothing, once `port` accepts connections. One process per
 * target, reused by every case; what it prints is kept for the error if it dies first.
 */
export function startChildServer(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } & ({ pattern: RegExp } | { port: number }),
): Promise<ChildServer> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Never outlive the test process, even when a hook times out before `close` is called.
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = 'pattern' in options ? options.pattern.exec(output) : null;
      if (match?.[1]) resolve({ url: new URL(match[1]).origin, close: () => stop(child) });
    };
    if ('port' in options) {
      const url = `http://127.0.0.1:${options.port}`;
      whenListening(options.port, () => child.exitCode === null).then(() =>
        resolve({ url, close: () => stop(child) }),
      );
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`${command} exited (${code}) before listening:\n${output}`)),
    );
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Resolves once something accepts connections on the loopback port (tried every 100 ms). */
async function whenListening(port: number, alive: () => boolean): Promise<void> {
  while (alive()) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
