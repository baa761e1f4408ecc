// The employee converter as a Netlify Edge Function (Deno, at Netlify's edge), served at /api.
import { handle } from '@csvfn/adapter-netlify/edge';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

// Netlify Edge allows 50 ms of CPU a request; csvfn converts about 9 ms (JSON) to 12 ms (NDJSON)
// of CPU per MiB under Deno (`pnpm bench cpu`), so 2 MiB (about 25 ms) fits with room to spare.
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export default handle(createCsvHandler({ schema: employeeSchema, maxBodyBytes: MAX_BODY_BYTES }));

export const config = { path: '/api' };
