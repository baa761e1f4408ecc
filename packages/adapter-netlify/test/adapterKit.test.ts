import { describeAdapter, fromFetchResponse, toFetchRequest } from '@csvfn/harness/adapter-kit';
import { handle as handleEdge, type NetlifyEdgeContext } from '../src/edge.js';
import { handle, type NetlifyContext } from '../src/index.js';

// In process here; the conformance suite runs the same functions in Netlify Dev.
const context = { requestId: 'kit-request', ip: '198.51.100.4' } as NetlifyContext;
const edgeContext = { ...context, next: () => Promise.resolve(new Response('origin')) } as NetlifyEdgeContext;

describeAdapter('adapter-netlify handle()', {
  provider: 'netlify',
  lateFailure: 'problem',
  untranslatable: false,
  start(handler, options) {
    const netlify = handle(handler, options);
    return { send: async (request) => fromFetchResponse(await netlify(toFetchRequest(request), context)) };
  },
});

describeAdapter('adapter-netlify/edge handle()', {
  provider: 'netlify-edge',
  lateFailure: 'problem',
  untranslatable: false,
  start(handler, options) {
    const edge = handleEdge(handler, options);
    return { send: async (request) => fromFetchResponse(await edge(toFetchRequest(request), edgeContext)) };
  },
});
