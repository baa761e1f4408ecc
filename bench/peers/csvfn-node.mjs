// csvfn's employee function on Node, as examples/node deploys it: the default handler (JSON log
// line per request included) behind @csvfn/adapter-node. $CSVFN_BATCH_ROWS, when set, is the
// handler's `batchRows` (the bench's fairness table runs one server per value; `Infinity` is off).
import { serve } from '@csvfn/adapter-node';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

const batchRows = process.env.CSVFN_BATCH_ROWS;
await serve(
  createCsvHandler({ schema: employeeSchema, ...(batchRows ? { batchRows: Number(batchRows) } : {}) }),
  {
    port: Number(process.env.PORT ?? 3000),
    hostname: '127.0.0.1',
  },
);
