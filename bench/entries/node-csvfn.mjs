// csvfn's employee function on Node behind @csvfn/adapter-node, log line off, for the CPU-per-MiB
// section (the Deno and workerd entries there log nothing either).
import { serve } from '@csvfn/adapter-node';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

await serve(createCsvHandler({ schema: employeeSchema, logger: false }), {
  port: Number(process.env.PORT ?? 3000),
  hostname: '127.0.0.1',
});
