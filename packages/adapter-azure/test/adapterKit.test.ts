import { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { describeAdapter, fromFetchResponse } from '@csvfn/harness/adapter-kit';
import { handle } from '../src/index.js';

// The @azure/functions v4 classes themselves, as the worker builds and reads them.
describeAdapter('adapter-azure handle()', {
  provider: 'azure',
  lateFailure: 'problem',
  // The library's own HttpRequest refuses TRACE and CONNECT: no such request reaches a function.
  untranslatable: false,
  start(handler, options) {
    const azure = handle(handler, options);
    return {
      async send(request) {
        const init = await azure(
          new HttpRequest({
            method: request.method as 'POST',
            url: `http://localhost:7071${request.path}`,
            headers: request.headers,
            ...(request.body === undefined ? {} : { body: { string: request.body } }),
          }),
          new InvocationContext({ invocationId: 'kit-invocation', functionName: 'csv' }),
        );
        const response = new HttpResponse(init);
        return fromFetchResponse(
          new Response(response.body as ReadableStream<Uint8Array> | null, {
            status: response.status,
            headers: [...response.headers],
          }),
        );
      },
    };
  },
});
