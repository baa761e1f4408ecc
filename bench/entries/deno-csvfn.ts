// csvfn's employee function under `deno serve`, as examples/deno runs it (no adapter), for the
// CPU-per-MiB section: the same handler the Deno, Supabase and Netlify Edge homes run.
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

const csv = createCsvHandler({ schema: employeeSchema, logger: false });

export default { fetch: (request: Request) => csv(request) };
