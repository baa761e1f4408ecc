// The employee converter as a Netlify Edge Function (Deno, at Netlify's edge), served at /api.
import { handle } from '@csvfn/adapter-netlify/edge';
import { createCsvHandler, employeeSchema } from '@csvfn/core';

export default handle(createCsvHandler({ schema: employeeSchema }));

export const config = { path: '/api' };
