// csvfn on Node for the streaming bench: the default handler with limits raised for a 100 MB
// NDJSON body, as the README says to do where the platform allows it.
import { serve } from '@csvfn/adapter-node';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

await serve(createCsvHandler({ schema: employeeSchema, maxBodyBytes: 256 * 2 ** 20, maxRows: 10_000_000 }), {
  port: Number(process.env.PORT ?? 3000),
  hostname: '127.0.0.1',
  requestTimeout: 0,
});
