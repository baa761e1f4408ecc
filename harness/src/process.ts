// What the tests that start a server as a child process share: a port to give it, and the wait
// for the line it prints when it listens, failing with what it printed instead of a bare timeout.
import type { ChildProcess } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';

/** A TCP port nothing listens on right now, on 127.0.0.1, so a run never meets a server left by another. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Resolves with everything `child` has printed (stdout and stderr) once it contains `text`; rejects
 * with that output if the child exits first or `timeoutMs` passes. `what` names the command.
 */
export function waitForOutput(
  child: ChildProcess,
  text: string,
  what: string,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => reject(new Error(`${what} printed no "${text}" within ${timeoutMs / 1000} s:\n${output}`)),
      timeoutMs,
    );
    const look = (chunk: Buffer) => {
      output += chunk;
      if (output.includes(text)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}):\n${output}`));
    });
  });
}
