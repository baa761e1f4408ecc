import { gunzipSync } from 'node:zlib';
import { LateProblem } from '@csvfn/platform';
import { describe, expect, it, vi } from 'vitest';
import { handle, type LambdaFetchHandler } from '../src/index.js';
import { albEvent, context, echo, fixture, restEvent, v2Event } from './events.js';

/** The echo's JSON, gunzipped when the event asked for gzip (the REST fixture's Accept-Encoding does). */
const echoed = (result: any) => {
  const encoding =
    result.headers?.['content-encoding'] ?? result.multiValueHeaders?.['content-encoding']?.[0];
  if (encoding === undefined) return JSON.parse(result.body);
  expect(encoding).toBe('gzip');
  expect(result.isBase64Encoded).toBe(true);
  return JSON.parse(gunzipSync(Buffer.from(result.body, 'base64')).toString());
};
const quiet = { onError: () => {} };

describe('handle: choosing the event shape', () => {
  it('answers a REST API event in the REST form, multiValueHeaders only (hono#3883)', async () => {
    const result: any = await handle(echo)(restEvent(), context);
    expect(result.statusCode).toBe(200);
    expect(result.multiValueHeaders['content-type']).toEqual(['application/json']);
    expect(result).not.toHaveProperty('headers');
    expect(result).not.toHaveProperty('cookies');
    const seen = echoed(result);
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('https://gy415nuibc.execute-api.us-east-2.amazonaws.com/hello/world?name=me');
  });

  it('routes a REST event carrying a base-path rawPath by its path, as v1 (hono#5015)', async () => {
    const event = restEvent();
    event.rawPath = '/base/hello/world';
    const result: any = await handle(echo)(event, context);
    expect(new URL(echoed(result).url).pathname).toBe('/hello/world');
    expect(result.multiValueHeaders).toBeDefined();
  });

  it('answers HTTP API and Function URL events in the 2.0 form', async () => {
    for (const event of [v2Event({}, 'apigw-v2-request-iam'), v2Event()]) {
      const result: any = await handle(echo)(event, context);
      expect(result.statusCode).toBe(200);
      expect(result.headers['content-type']).toBe('application/json');
      expect(result).not.toHaveProperty('multiValueHeaders');
      expect(new URL(echoed(result).url).search).toBe(
        '?parameter1=value1&parameter1=value2&parameter2=value',
      );
    }
  });

  it('answers an ALB event with headers and a status description', async () => {
    const result: any = await handle(echo)(albEvent(), context);
    expect(result.statusCode).toBe(200);
    expect(result.statusDescription).toBe('200 OK');
    expect(result.headers['content-type']).toBe('application/json');
    expect(result).not.toHaveProperty('multiValueHeaders');
    expect(echoed(result).url).toBe(
      'https://lambda-test-alb-1334523864.us-east-1.elb.amazonaws.com/?key=hello',
    );
  });

  it('reads a multi-value ALB event, which has no headers field, and answers in kind (hono#2493)', async () => {
    const event = albEvent({}, true);
    expect(event.headers).toBeUndefined();
    const result: any = await handle(echo)(event, context);
    expect(result.multiValueHeaders['content-type']).toEqual(['application/json']);
    expect(result).not.toHaveProperty('headers');
    expect(echoed(result).headers['x-myheader']).toBe('123');
  });

  it('refuses an event that is not HTTP', async () => {
    await expect(handle(echo)({ Records: [] } as any, context)).rejects.toThrow(TypeError);
  });
});

describe('handle: the request the handler sees', () => {
  it('decodes a base64 JSON body (trpc#3040)', async () => {
    const json = '[{"name":"Ana","age":30}]';
    const event = v2Event({
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(json).toString('base64'),
      isBase64Encoded: true,
    });
    const seen = echoed(await handle(echo)(event, context));
    expect(Buffer.from(seen.body, 'base64').toString()).toBe(json);
  });

  it('sets Content-Length from the decoded bytes, whatever the client claimed', async () => {
    const body = 'x'.repeat(1000);
    for (const event of [
      restEvent({ headers: { 'Content-Length': '1', 'Transfer-Encoding': 'chunked' }, body }),
      v2Event({
        headers: { 'content-length': '1' },
        body: Buffer.from(body).toString('base64'),
        isBase64Encoded: true,
      }),
      albEvent({ method: 'POST', headers: { 'content-length': '0' }, body }, true),
    ]) {
      const seen = echoed(await handle(echo)(event, context));
      expect(seen.headers['content-length']).toBe('1000');
      expect(seen.headers['transfer-encoding']).toBeUndefined();
    }
  });

  it('joins repeated headers with ", " and cookies with "; "', async () => {
    const rest = restEvent();
    rest.multiValueHeaders = { Accept: ['text/csv', 'text/plain'], Cookie: ['a=1', 'b=2'] };
    const seen = echoed(await handle(echo)(rest, context));
    expect(seen.headers.accept).toBe('text/csv, text/plain');
    expect(seen.headers.cookie).toBe('a=1; b=2');

    const alb = albEvent({}, true);
    alb.multiValueHeaders.accept = ['text/csv', '*/*'];
    alb.multiValueHeaders.cookie = ['a=1', 'b=2'];
    const albSeen = echoed(await handle(echo)(alb, context));
    expect(albSeen.headers.accept).toBe('text/csv, */*');
    expect(albSeen.headers.cookie).toBe('a=1; b=2');
  });

  it('reads a REST event from multiValueHeaders only, so values are not doubled (hono#2550)', async () => {
    const seen = echoed(await handle(echo)(restEvent({ headers: { 'X-Test': '123' } }), context));
    expect(seen.headers['x-test']).toBe('123');
  });

  it('merges header names that differ only in case', async () => {
    const event = restEvent();
    event.multiValueHeaders = { 'Content-Type': ['application/json'], 'X-Tag': ['a'], 'x-tag': ['b'] };
    const seen = echoed(await handle(echo)(event, context));
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers['x-tag']).toBe('a, b');
  });

  it('turns v2 cookies[] into one Cookie header', async () => {
    const seen = echoed(await handle(echo)(v2Event(), context));
    expect(seen.headers.cookie).toBe('cookie1; cookie2');
  });

  it('re-encodes REST query values so each option is decoded exactly once', async () => {
    const event = restEvent();
    event.queryStringParameters = { delimiter: ';', filename: 'a b&c=%41' };
    event.multiValueQueryStringParameters = { delimiter: [';'], filename: ['a b&c=%41'] };
    const url = new URL(echoed(await handle(echo)(event, context)).url);
    expect(url.searchParams.get('delimiter')).toBe(';');
    expect(url.searchParams.get('filename')).toBe('a b&c=%41');
  });

  it('keeps REST multi-value query parameters', async () => {
    const event = restEvent();
    event.multiValueQueryStringParameters = { tag: ['a', 'b'] };
    const url = new URL(echoed(await handle(echo)(event, context)).url);
    expect(url.searchParams.getAll('tag')).toEqual(['a', 'b']);
  });

  it('passes ALB query values on as sent, already encoded', async () => {
    const single = albEvent();
    single.queryStringParameters = { delimiter: '%3B', filename: 'a%20b' };
    const url = new URL(echoed(await handle(echo)(single, context)).url);
    expect(url.searchParams.get('delimiter')).toBe(';');
    expect(url.searchParams.get('filename')).toBe('a b');

    const multi = albEvent({}, true);
    multi.multiValueQueryStringParameters = { delimiter: ['%7C'], tag: ['a', 'b'] };
    const multiUrl = new URL(echoed(await handle(echo)(multi, context)).url);
    expect(multiUrl.searchParams.get('delimiter')).toBe('|');
    expect(multiUrl.searchParams.getAll('tag')).toEqual(['a', 'b']);
  });

  it('keeps v2 rawQueryString exactly', async () => {
    const event = v2Event();
    event.rawQueryString = 'delimiter=%09&filename=r%C3%A9sum%C3%A9';
    const url = new URL(echoed(await handle(echo)(event, context)).url);
    expect(url.searchParams.get('delimiter')).toBe('\t');
    expect(url.searchParams.get('filename')).toBe('résumé');
  });

  it('cannot be steered to another host by the path', async () => {
    const event = restEvent();
    event.path = '//evil.example/x?y#z';
    const url = new URL(echoed(await handle(echo)(event, context)).url);
    expect(url.host).toBe('gy415nuibc.execute-api.us-east-2.amazonaws.com');
    expect(url.search).toBe('?name=me');
  });

  it('drops a body sent with GET instead of crashing', async () => {
    const result: any = await handle(echo)(v2Event({ method: 'GET', body: 'ignored' }), context);
    expect(result.statusCode).toBe(200);
    expect(echoed(result).body).toBe('');
  });

  it('passes provider, request id, client address, the event and the context', async () => {
    expect(echoed(await handle(echo)(restEvent(), context)).platform).toEqual({
      provider: 'lambda',
      cloudProvider: 'aws',
      requestId: context.awsRequestId,
      clientAddress: '192.168.196.186',
      event: restEvent(),
      context,
    });
    expect(echoed(await handle(echo)(v2Event(), context)).platform.clientAddress).toBe('123.123.123.123');
    expect(echoed(await handle(echo)(albEvent(), context)).platform.clientAddress).toBe('25.12.198.67');
    const forwarded = albEvent({}, true);
    forwarded.multiValueHeaders['x-forwarded-for'] = ['10.0.0.1, 72.21.198.67'];
    expect(echoed(await handle(echo)(forwarded, context)).platform.clientAddress).toBe('72.21.198.67');
    expect(echoed(await handle(echo)(v2Event())).platform).toEqual({
      provider: 'lambda',
      cloudProvider: 'aws',
      clientAddress: '123.123.123.123',
      event: v2Event(),
    });
  });

  it('lets a handler read JWT authorizer claims from the event, typed, with no cast', async () => {
    // Typed as the adapter's handler: `event` and its authorizer need no cast to read.
    const whoAmI: LambdaFetchHandler = (_request, { event, context: lambdaContext }) => {
      const claims =
        'http' in event.requestContext ? event.requestContext.authorizer?.jwt?.claims : undefined;
      return Response.json({ claims, requestId: lambdaContext?.awsRequestId });
    };
    const result: any = await handle(whoAmI)(fixture('apigw-v2-request-jwt-authorizer'), context);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      claims: { claim1: 'value1', claim2: 'value2' },
      requestId: context.awsRequestId,
    });
  });
});

describe('handle: what cannot become a Request', () => {
  const badRequest = (result: any, detail: RegExp) => {
    expect(result.statusCode).toBe(400);
    const headers =
      result.headers ??
      Object.fromEntries(Object.entries(result.multiValueHeaders).map(([k, v]: any) => [k, v[0]]));
    expect(headers['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(result.body);
    expect(problem).toMatchObject({
      type: 'urn:csvfn:problem:bad-request',
      title: 'Bad request',
      status: 400,
    });
    expect(problem.detail).toMatch(detail);
  };

  it('answers 400 for a non-ASCII header value rather than throwing (hono#4437, hono#4883)', async () => {
    const handler = vi.fn(echo);
    const headers = { 'content-type': 'application/json', 'cf-ipcity': 'Srīperumbūdūr' };
    badRequest(await handle(handler)(v2Event({ headers }), context), /cf-ipcity.*non-ASCII/);
    badRequest(await handle(handler)(restEvent({ headers }), context), /non-ASCII/);
    badRequest(await handle(handler)(albEvent({ headers }), context), /non-ASCII/);
    badRequest(
      await handle(handler)(albEvent({ headers: { 'x-city': 'São Paulo' } }, true), context),
      /non-ASCII/,
    );
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers 400 for a header value with a line break or a malformed name', async () => {
    badRequest(await handle(echo)(v2Event({ headers: { 'x-a': 'a\r\nb' } }), context), /x-a/);
    badRequest(await handle(echo)(v2Event({ headers: { 'bad name': 'x' } }), context), /bad name/);
  });

  it('answers 400 for a method the Fetch API rejects', async () => {
    badRequest(await handle(echo)(v2Event({ method: 'BAD METHOD' }), context), /method/);
    badRequest(
      await handle(echo)(v2Event({ method: 'TRACE' }), context),
      /^The request cannot be represented as a Fetch API Request: its method or a header is not supported\.$/,
    );
  });
});

describe('handle: the answer', () => {
  const csv = '\uFEFFName,Age\r\nAna,30\r\n';
  const respond = (body: BodyInit | null, headers: Record<string, string>, status = 200) =>
    handle(() => new Response(body, { status, headers }));

  it('keeps CSV, TSV and problem+json as text, byte for byte (a BOM included)', async () => {
    for (const type of [
      'text/csv; charset=utf-8; header=present',
      'text/tab-separated-values; charset=utf-8',
    ]) {
      const result: any = await respond(csv, { 'content-type': type })(v2Event(), context);
      expect(result.isBase64Encoded).toBe(false);
      expect(result.body).toBe(csv);
    }
    const problem = '{"type":"urn:csvfn:problem:invalid-rows","status":422}';
    const result: any = await respond(
      problem,
      { 'content-type': 'application/problem+json' },
      422,
    )(restEvent(), context);
    expect(result).toMatchObject({ statusCode: 422, body: problem, isBase64Encoded: false });
  });

  it('sends binary and content-encoded bodies base64', async () => {
    const bytes = new Uint8Array([0, 255, 1, 254]);
    const binary: any = await respond(bytes, { 'content-type': 'application/octet-stream' })(
      v2Event(),
      context,
    );
    expect(binary).toMatchObject({ isBase64Encoded: true, body: 'AP8B/g==' });
    const gzipped: any = await respond(bytes, { 'content-type': 'text/csv', 'content-encoding': 'gzip' })(
      albEvent(),
      context,
    );
    expect(gzipped).toMatchObject({ isBase64Encoded: true, body: 'AP8B/g==' });
    const invalidUtf8: any = await respond(bytes, { 'content-type': 'text/csv' })(v2Event(), context);
    expect(invalidUtf8).toMatchObject({ isBase64Encoded: true, body: 'AP8B/g==' });
  });

  it('lets isBinary override the choice', async () => {
    const handler = handle(() => new Response(csv, { headers: { 'content-type': 'text/csv' } }), {
      isBinary: () => true,
    });
    const result: any = await handler(v2Event(), context);
    expect(result.isBase64Encoded).toBe(true);
    expect(Buffer.from(result.body, 'base64').toString()).toBe(csv);
  });

  it('sends Set-Cookie as v2 cookies[], REST/ALB multi-value lists, never twice', async () => {
    const headers = new Headers({ 'content-type': 'text/plain' });
    headers.append('set-cookie', 'a=1');
    headers.append('set-cookie', 'b=2');
    const handler = handle(() => new Response('ok', { headers }));
    const v2: any = await handler(v2Event(), context);
    expect(v2.cookies).toEqual(['a=1', 'b=2']);
    expect(v2.headers['set-cookie']).toBeUndefined();
    const rest: any = await handler(restEvent(), context);
    expect(rest.multiValueHeaders['set-cookie']).toEqual(['a=1', 'b=2']);
    const alb: any = await handler(albEvent({}, true), context);
    expect(alb.multiValueHeaders['set-cookie']).toEqual(['a=1', 'b=2']);
  });

  it('answers a REST event that has only headers with headers only', async () => {
    const event = fixture('apigw-request');
    delete event.multiValueHeaders;
    const result: any = await handle(echo)(event, context);
    expect(result.headers['content-type']).toBe('application/json');
    expect(result).not.toHaveProperty('multiValueHeaders');
  });

  it('passes a 413 the handler gives before reading the body (trpc#4886)', async () => {
    const tooLarge = handle(
      () =>
        new Response('{"type":"urn:csvfn:problem:too-large","status":413}', {
          status: 413,
          headers: { 'content-type': 'application/problem+json' },
        }),
    );
    const result: any = await tooLarge(v2Event({ body: 'x'.repeat(100_000) }), context);
    expect(result.statusCode).toBe(413);
    expect(JSON.parse(result.body).status).toBe(413);
  });

  it('answers a handler failure with a generic 500 in every event shape', async () => {
    const onError = vi.fn();
    const failing = handle(
      () => {
        throw new Error('secret /var/task/index.js:1');
      },
      { onError },
    );
    for (const event of [v2Event(), restEvent(), albEvent(), albEvent({}, true)]) {
      const result: any = await failing(event, context);
      expect(result.statusCode).toBe(500);
      expect(result.body).toBe(
        '{"type":"urn:csvfn:problem:internal","title":"Internal Server Error","status":500,"detail":"An unexpected error occurred."}',
      );
      expect(result.body).not.toContain('secret');
    }
    expect(onError).toHaveBeenCalledTimes(4);
  });

  it('answers 500 when the body fails while being buffered', async () => {
    const broken = new ReadableStream({
      pull(controller) {
        controller.error(new Error('mid-stream'));
      },
    });
    const result: any = await handle(
      () => new Response(broken, { headers: { 'content-type': 'text/csv' } }),
      quiet,
    )(v2Event(), context);
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body).type).toBe('urn:csvfn:problem:internal');
  });
});

describe('handle: compressed answers', () => {
  const csv = `Name\r\n${'Ada Lovelace\r\n'.repeat(500)}`;
  const app: LambdaFetchHandler = () =>
    new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8' } });

  it('gzips a text answer the event accepts gzip for, base64 in the buffered result, with Vary', async () => {
    const result: any = await handle(app)(v2Event({ headers: { 'accept-encoding': 'gzip' } }), context);
    expect(result.headers['content-encoding']).toBe('gzip');
    expect(result.headers.vary).toBe('Accept-Encoding');
    expect(result.isBase64Encoded).toBe(true);
    const bytes = Buffer.from(result.body, 'base64');
    expect(gunzipSync(bytes).toString()).toBe(csv);
    expect(bytes.byteLength).toBeLessThan(csv.length / 10);
  });

  it('sends it as it is without Accept-Encoding, or with compress: false', async () => {
    for (const [event, options] of [
      [v2Event({ headers: {} }), {}],
      [v2Event({ headers: { 'accept-encoding': 'gzip' } }), { compress: false }],
    ] as const) {
      const result: any = await handle(app, options)(event, context);
      expect(result.headers['content-encoding']).toBeUndefined();
      expect(result.isBase64Encoded).toBe(false);
      expect(result.body).toBe(csv);
    }
  });
});

describe('handle: a body that fails while it is buffered', () => {
  /** A 200 whose body fails after its first bytes with `failure`. */
  const failingAfterStart =
    (failure: unknown): LambdaFetchHandler =>
    () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('a,b\r\n'));
            controller.error(failure);
          },
        }),
      );

  it('answers a late problem (the client’s bad input) with that problem, and logs nothing', async () => {
    const onError = vi.fn();
    const problem = new LateProblem(422, '{"type":"urn:csvfn:problem:invalid-rows","status":422}');
    const result: any = await handle(failingAfterStart(problem), { onError })(v2Event(), context);
    expect(result.statusCode).toBe(422);
    expect(result.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(result.body)).toEqual({ type: 'urn:csvfn:problem:invalid-rows', status: 422 });
    expect(onError).not.toHaveBeenCalled();
  });

  it('answers any other failure with a 500 and hands it to onError', async () => {
    const onError = vi.fn();
    const result: any = await handle(failingAfterStart(new Error('bug')), { onError })(v2Event(), context);
    expect(result.statusCode).toBe(500);
    expect(onError).toHaveBeenCalledOnce();
  });
});
