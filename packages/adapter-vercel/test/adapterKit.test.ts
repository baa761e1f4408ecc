import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeAdapter, fromFetchResponse, sendOverHttp, toFetchRequest } from '@csvfn/harness/adapter-kit';
import { handle, handleWeb } from '../src/index.js';

describeAdapter('adapter-vercel handle() (Node.js runtime)', {
  provider: 'vercel',
  lateFailure: 'problem',
  untranslatable: true,
  async start(handler, options) {
    const server = createServer(handle(handler, options));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      send: (request) => sendOverHttp(port, request),
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
});

describeAdapter('adapter-vercel handleWeb()', {
  provider: 'vercel',
  lateFailure: 'problem',
  untranslatable: false,
  start(handler, options) {
    const { POST } = handleWeb(handler, options);
    return { send: async (request) => fromFetchResponse(await POST(toFetchRequest(request))) };
  },
});
