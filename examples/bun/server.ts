// The employee converter on Bun: no adapter, a csvfn handler is already what Bun.serve wants.
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

const csv = createCsvHandler({ schema: employeeSchema });

const server = Bun.serve({
  hostname: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 3000),
  // Bun gives the client's address through the server; csvfn rate-limits by it when no API key is set.
  fetch: (request, server) =>
    csv(request, { provider: 'bun', clientAddress: server.requestIP(request)?.address }),
});
console.log(`csvfn on Bun: POST ${server.url}api`);
