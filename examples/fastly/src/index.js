/// <reference types="@fastly/js-compute" />
// The employee converter as a Fastly Compute service (JavaScript compiled to WebAssembly). No
// adapter: Fastly hands a FetchEvent whose request is a Web Request, and takes a Response back.
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';
import { limits } from './limits.js';

const csv = createCsvHandler({ schema: employeeSchema, maxBodyBytes: limits.maxBodyBytes });

addEventListener('fetch', (event) =>
  event.respondWith(csv(event.request, { provider: 'fastly', clientAddress: event.client.address })),
);
