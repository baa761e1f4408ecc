// @csvfn/adapter-vercel/web: a Web-style Vercel Function (Node.js or Edge runtime).
import { handleWeb } from '@csvfn/adapter-vercel/web';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = handleWeb(
  createCsvHandler({ schema: employeeSchema }),
);
