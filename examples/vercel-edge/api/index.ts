// The employee converter as a Vercel Function on the Edge runtime, served at /api.
import { handleWeb } from '@csvfn/adapter-vercel/web';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

export const config = { runtime: 'edge' };

// Every method, so csvfn answers 405 itself (with Allow) rather than Vercel's bare one.
export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = handleWeb(
  createCsvHandler({ schema: employeeSchema }),
);
