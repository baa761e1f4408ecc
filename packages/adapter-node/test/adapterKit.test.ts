import { describeAdapter, sendOverHttp } from '@csvfn/harness/adapter-kit';
import { serve } from '../src/index.js';

describeAdapter('adapter-node serve()', {
  provider: 'node',
  lateFailure: 'cut',
  untranslatable: true,
  async start(handler, { onError }) {
    const server = await serve(handler, { port: 0, hostname: '127.0.0.1', onError });
    return { send: (request) => sendOverHttp(server.port, request), close: () => server.close() };
  },
});
