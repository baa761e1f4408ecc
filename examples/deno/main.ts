// The employee converter on Deno: no adapter, a csvfn handler is already what `deno serve` wants.
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

const csv = createCsvHandler({ schema: employeeSchema });

export default {
  // Deno gives the client's address beside the request; csvfn rate-limits by it when no API key is set.
  fetch: (request, info) => csv(request, { provider: 'deno', clientAddress: info.remoteAddr.hostname }),
} satisfies Deno.ServeDefaultExport<Deno.NetAddr>;
