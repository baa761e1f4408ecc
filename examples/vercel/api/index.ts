import { handle } from '@csvfn/adapter-vercel';
import { createCsvHandler, employeeSchema } from '@csvfn/core';

export default handle(createCsvHandler({ schema: employeeSchema }));
