/** Starting and stopping the bundled servers, pinned to the server CPU. */
import { SERVERS } from '../lib/build.mjs';
import { freePort, SERVER_CPU, spawnPinned, stop, waitForServer } from '../lib/system.mjs';

/** The command that runs a built server. */
export function commandOf(built) {
  return built.binary ? [built.outfile, []] : [process.execPath, [built.outfile]];
}

/** Starts a built server on a free port, `env` added to its environment, and waits until it answers. */
export async function startServer(name, built, env = {}) {
  const port = await freePort();
  const [command, args] = commandOf(built);
  const child = spawnPinned(SERVER_CPU, command, args, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = `http://127.0.0.1:${port}/api`;
  try {
    await waitForServer(url, '[]');
  } catch (error) {
    await stop(child, 'SIGKILL');
    throw new Error(`${SERVERS[name].label} did not start: ${error.message}\n${stderr.slice(0, 2000)}`);
  }
  return { child, url, port, stop: () => stop(child) };
}
