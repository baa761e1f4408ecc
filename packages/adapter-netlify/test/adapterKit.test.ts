import { describeAdapter, fromFetchResponse, toFetchRequest } from '@csvfn/harness/adapter-kit';
import { handle, type NetlifyContext } from '../src/index.js';

// In process here; the conformance suite runs the same function in Netlify Dev.
const context = { requestId: 'kit-request', ip: '198.51.100.4' } as NetlifyContext;

describeAdapter('adapter-netlify handle()', {
  provider: 'netlify',
  lateFailure: 'problem',
  untranslatable: false,
  start(handler, options) {
    const netlify = handle(handler, options);
    return { send: async (request) => fromFetchResponse(await netlify(toFetchRequest(request), context)) };
  },
});
