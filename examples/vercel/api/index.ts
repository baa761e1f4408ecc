import { handle } from '@csvfn/adapter-vercel';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

export default handle(createCsvHandler({ schema: employeeSchema }));
