// `node runtimes/run.mjs <deno|bun> args…`: runs a runtime from runtimes/, installing it first if
// needed. The examples' `start` scripts use it, so `pnpm start` works on a fresh clone.
import { spawn } from 'node:child_process';
import { ensureRuntimes } from './ensure.mjs';

const [name, ...args] = process.argv.slice(2);
const runtimes = ensureRuntimes();
if (name !== 'deno' && name !== 'bun') throw new Error(`csvfn: unknown runtime ${name} (deno or bun)`);
const child = spawn(runtimes[name], args, { stdio: 'inherit', env: { ...process.env, ...runtimes.env } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
