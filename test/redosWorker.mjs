// Runs one pattern over the adversarial inputs of redos.test.ts, off the test's thread, so that a
// catastrophic pattern can be stopped with worker.terminate() instead of hanging the run.
// Before each input it says which one it starts, so the test knows where a pattern got stuck.
import { parentPort, workerData } from 'node:worker_threads';

const { source, flags, prefixes, pumps } = workerData;
const regex = new RegExp(source, flags);
// Search every position (not just where a sticky pattern is pointed), as `replace` would.
const global = new RegExp(source, `${flags.replace('y', '').replace('g', '')}g`);

for (const prefix of prefixes) {
  for (const pump of pumps) {
    parentPort.postMessage({ started: `${JSON.stringify(prefix)} + ${pump.label}` });
    const input = prefix + pump.unit.repeat(pump.repeat) + pump.tail;
    input.replace(global, '');
    global.lastIndex = 0;
    regex.test(input);
    regex.lastIndex = 0;
  }
}
parentPort.postMessage({ done: true });
