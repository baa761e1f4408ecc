import { describeAdapter, type KitRequest, type KitResponse } from '@csvfn/harness/adapter-kit';
import { handle, streamHandle } from '../src/index.js';
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

/** A response stream as Lambda's runtime passes one (no `awslambda` global: the prelude by hand). */
function responseStream() {
  const chunks: Buffer[] = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const stream = {
    writableFinished: false,
    contentType: '',
    setContentType(type: string) {
      stream.contentType = type;
    },
    write(chunk: Uint8Array | string) {
      chunks.push(Buffer.from(chunk));
      return true;
    },
    end() {
      stream.writableFinished = true;
      for (const listener of listeners.get('finish') ?? []) listener();
    },
    on(event: string, listener: (...args: unknown[]) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
    },
    off(event: string, listener: (...args: unknown[]) => void) {
      listeners.get(event)?.delete(listener);
    },
    bytes: () => Buffer.concat(chunks),
  };
  return stream;
}

describeAdapter('adapter-lambda streamHandle()', {
  provider: 'lambda',
  lateFailure: 'cut',
  untranslatable: true,
  start(handler, options) {
    const lambda = streamHandle(handler, { ...options, compress: false });
    return {
      async send(request): Promise<KitResponse> {
        const stream = responseStream();
        const complete = await lambda(event(request), stream, context).then(
          () => true,
          () => false,
        );
        const bytes = stream.bytes();
        const end = bytes.indexOf(Buffer.alloc(8));
        const prelude = JSON.parse(bytes.subarray(0, end).toString());
        return {
          status: prelude.statusCode,
          headers: new Headers(prelude.headers),
          body: bytes.subarray(end + 8).toString(),
          complete: complete && stream.writableFinished,
        };
      },
    };
  },
});
