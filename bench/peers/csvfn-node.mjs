// csvfn's employee function on Node, as examples/node deploys it: the default handler (JSON log
// line per request included) behind @csvfn/adapter-node.
import { serve } from '@csvfn/adapter-node';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

await serve(createCsvHandler({ schema: employeeSchema }), {
  port: Number(process.env.PORT ?? 3000),
  hostname: '127.0.0.1',
});
