import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built `csvfn` bin: the tests drive the command as a person would, as a process. */
export const CLI = fileURLToPath(new URL('../bin/csvfn.js', import.meta.url));
const BUILT = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
export const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(BUILT))
    throw new Error(`${BUILT} is missing: run pnpm --filter @csvfn/cli build (pnpm test builds first)`);
}

export interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export interface RunOptions {
  /** Written to stdin, then stdin is closed; without it stdin is an empty pipe. */
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Node flags before the script, e.g. a heap limit. */
  nodeArgs?: string[];
}

/** Runs `csvfn ...args` to completion. */
export function runCli(args: string[], options: RunOptions = {}): Promise<Run> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
    child.stdin.on('error', () => {}); // the command may stop reading early, on purpose
    child.stdin.end(options.input);
  });
}

let binDir: string | undefined;

/** A folder holding a `csvfn` command (a link to the built bin), to put on PATH. */
function csvfnOnPath(): string {
  if (!binDir) {
    binDir = mkdtempSync(join(tmpdir(), 'csvfn-bin-'));
    symlinkSync(CLI, join(binDir, 'csvfn'));
  }
  return binDir;
}

/** Runs a bash command line, with `csvfn` on PATH: for pipes and pseudo-terminals. */
export function runShell(script: string, options: RunOptions = {}): Promise<Run> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      cwd: options.cwd,
      env: {
        ...process.env,
        PATH: `${csvfnOnPath()}:${process.env.PATH}`,
        SHELL: '/bin/bash',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

export interface Served {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

/** Starts `csvfn serve ...args` and waits for the address it prints. */
export function startServe(args: string[], env: Record<string, string> = {}): Promise<Served> {
  assertBuilt();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--schema', 'employee', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /csvfn is serving on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        child.stdout.off('data', onData);
        child.stdout.on('data', (more: Buffer) => {
          output += more.toString('utf8');
        });
        resolve({
          url,
          child,
          output: () => output,
          stop: () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    exited.then((code) => reject(new Error(`csvfn serve exited with ${code} before listening:\n${output}`)));
  });
}
