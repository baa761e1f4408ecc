// The employee converter as a Supabase Edge Function (Deno): `supabase functions deploy csv`.
// Supabase serves it at /functions/v1/csv; csvfn answers whatever the path.
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

const csv = createCsvHandler({ schema: employeeSchema });

Deno.serve((request, info) =>
  csv(request, { provider: 'supabase', clientAddress: info.remoteAddr.hostname }),
);
