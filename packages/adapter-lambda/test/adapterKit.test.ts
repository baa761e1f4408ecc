import { describeAdapter, type KitRequest, type KitResponse } from '@csvfn/harness/adapter-kit';
import { handle } from '../src/index.js';
import { context, v2Event } from './events.js';

/** A Function URL (payload 2.0) event for the request, as Lambda delivers it. */
function event(request: KitRequest) {
  const [path = '/', query = ''] = request.path.split('?');
  const lambdaEvent = v2Event({
    method: request.method,
    headers: request.headers,
    body: request.body ?? null,
  });
  lambdaEvent.rawPath = path;
  lambdaEvent.requestContext.http.path = path;
  lambdaEvent.rawQueryString = query;
  return lambdaEvent;
}

describeAdapter('adapter-lambda handle()', {
  provider: 'lambda',
  lateFailure: 'problem',
  untranslatable: true,
  start(handler, options) {
    const lambda = handle(handler, { ...options, compress: false });
    return {
      async send(request): Promise<KitResponse> {
        const result: any = await lambda(event(request), context);
        const body = result.isBase64Encoded ? Buffer.from(result.body, 'base64').toString() : result.body;
        return { status: result.statusCode, headers: new Headers(result.headers), body, complete: true };
      },
    };
  },
});
