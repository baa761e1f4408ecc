import { handle } from '@csvfn/adapter-vercel';
import { createCsvHandler } from '@csvfn/core';

export default handle(createCsvHandler());
