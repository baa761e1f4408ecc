import { describeAdapter, fromFetchResponse, toFetchRequest } from '@csvfn/harness/adapter-kit';
import { handle } from '../src/index.js';

// In process here; handle.workerd.test.ts and the conformance suite run the same adapter in workerd.
const ctx = { waitUntil: () => {}, passThroughOnException: () => {} };

describeAdapter('adapter-workers handle()', {
  provider: 'workers',
  lateFailure: 'problem',
  untranslatable: false,
  start(handler, options) {
    const worker = handle(handler, options);
    return {
      send: async (request) => fromFetchResponse(await worker.fetch(toFetchRequest(request), {}, ctx)),
    };
  },
});
