import type { AddressInfo } from 'node:net';
import { describeAdapter, sendOverHttp } from '@csvfn/harness/adapter-kit';
import * as functions from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { handle } from '../src/index.js';

// In the Functions Framework itself (Express, body-parser's `req.rawBody`), one function per test.
let functionCount = 0;

describeAdapter('adapter-gcf handle()', {
  provider: 'gcf',
  lateFailure: 'cut',
  untranslatable: true,
  async start(handler, options) {
    const name = `kit${++functionCount}`;
    functions.http(name, handle(handler, options));
    const server = getTestServer(name);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      send: (request) => sendOverHttp(port, request),
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
});
