// The server under soak: @csvfn/adapter-node's serve() around createCsvHandler, in a process of
// its own so that its memory is measured alone. Driven by run.mjs over IPC; loopback only.
import { serve } from '../packages/adapter-node/dist/index.js';
import { createCsvHandler, employeeSchema, memoryRateLimit } from '../packages/core/dist/index.js';
import { LIMITS, RATE_LIMIT, TIMEOUTS } from './plan.mjs';

const counts = { logLines: 0, errorLines: 0, listenerErrors: 0, errorSamples: [] };
const logger = (entry) => {
  counts.logLines++;
  if (entry.level !== 'error') return;
  counts.errorLines++;
  if (counts.errorSamples.length < 5) counts.errorSamples.push(entry.error);
};

// Two keys, as in the middle of a rotation; /limited has a small per-instance token bucket.
const main = createCsvHandler({
  schema: employeeSchema,
  ...LIMITS,
  apiKeys: ['soak-key-old', 'soak-key-new'],
  logger,
});
const limited = createCsvHandler({
  schema: employeeSchema,
  ...LIMITS,
  logger,
  rateLimit: memoryRateLimit({ limit: RATE_LIMIT, windowSeconds: 3600 }),
});
const app = (request, platform) =>
  (new URL(request.url).pathname === '/limited' ? limited : main)(request, platform);

const server = await serve(app, {
  port: 0,
  hostname: '127.0.0.1',
  ...TIMEOUTS,
  onError: (error) => {
    counts.listenerErrors++;
    if (counts.errorSamples.length < 5) counts.errorSamples.push(String(error?.stack ?? error));
  },
});

process.on('uncaughtException', (error) => {
  process.send?.({ type: 'crash', error: String(error?.stack ?? error) });
  process.exit(70);
});
process.on('unhandledRejection', (error) => {
  process.send?.({ type: 'crash', error: String(error?.stack ?? error) });
  process.exit(71);
});

process.on('message', async (message) => {
  if (message.type === 'memory') {
    // Twice: the first pass may only queue finalizers.
    globalThis.gc?.();
    globalThis.gc?.();
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
    process.send({ type: 'memory', rss, heapTotal, heapUsed, external, arrayBuffers, ...counts });
  } else if (message.type === 'snapshot') {
    const { writeHeapSnapshot } = await import('node:v8');
    process.send({ type: 'snapshot', path: writeHeapSnapshot(message.path) });
  } else if (message.type === 'close') {
    server.server.closeAllConnections();
    await server.close();
    process.send({ type: 'closed', ...counts });
    process.disconnect();
  }
});

process.send({ type: 'ready', url: server.url, port: server.port, pid: process.pid });
