// The employee converter as a Netlify Function (v2, Fetch-style), served at /api.
import { handle } from '@csvfn/adapter-netlify';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

export default handle(createCsvHandler({ schema: employeeSchema }));

// A path of its own (which turns off /.netlify/functions/csv).
export const config = { path: '/api' };
