/**
 * @module
 * @vercel/node's own dev server for one function, offline, as `vercel dev` runs it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const vercelNodeDir = dirname(require.resolve('@vercel/node/package.json'));

/** Vercel's per-function dev server, as `vercel dev` forks it (@vercel/node's fork-dev-server). */
export const devServerPath = join(vercelNodeDir, 'dist', 'dev-server.mjs');
/** The tsx loader `vercel dev` preloads for TypeScript entrypoints, resolved from @vercel/node. */
const tsxLoader = pathToFileURL(createRequire(join(vercelNodeDir, 'dist', 'index.js')).resolve('tsx')).href;

export interface DevServerOptions {
  /** The project folder: the dev server resolves the entrypoint and its imports from here. */
  cwd: string;
  /** Entrypoint relative to `cwd`, e.g. `api/index.ts`. */
  entrypoint: string;
  /** Vercel's Node.js helpers (`req.body`, `res.json`, …); off means `NODEJS_HELPERS=0`. */
  helpers: boolean;
}

export interface DevServer {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  /** What the function and the dev server printed, for failure messages. */
  output(): string;
  /** Whether the dev server process is still running (an unhandled error kills it). */
  alive(): boolean;
  close(): Promise<void>;
}

/**
 * Starts @vercel/node's dev server for one function, offline. The protocol, read from
 * dev-server.mjs: the entrypoint and config come in as env vars (`VERCEL_DEV_ENTRYPOINT`,
 * `VERCEL_DEV_CONFIG`, `VERCEL_DEV_BUILD_ENV`, where `NODEJS_HELPERS: "0"` turns the helpers off);
 * it listens on 127.0.0.1 (`VERCEL_DEV_PORT`, else a free port) and sends its address over IPC;
 * the IPC message `shutdown` stops it.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const child = fork(devServerPath, [], {
    cwd: options.cwd,
    env: {
      ...process.env,
      VERCEL_DEV_ENTRYPOINT: options.entrypoint,
      VERCEL_DEV_CONFIG: JSON.stringify({}),
      VERCEL_DEV_BUILD_ENV: JSON.stringify(options.helpers ? {} : { NODEJS_HELPERS: '0' }),
      VERCEL_DEV_PUBLIC_DIR: '',
      VERCEL_DEV_PORT: '0',
      NODE_OPTIONS: `--import ${tsxLoader} --no-warnings`,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port?: number }) =>
      message?.port
        ? resolve(message.port)
        : reject(new Error(`unexpected message ${JSON.stringify(message)}`)),
    );
    child.once('exit', (code) => reject(new Error(`dev server exited (${code}):\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    close: () => stop(child),
  };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send('shutdown', (error) => {
      if (error) child.kill();
    });
  });
}
