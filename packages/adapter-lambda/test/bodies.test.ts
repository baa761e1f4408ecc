import { afterEach, describe, expect, it, vi } from 'vitest';
import { handle, type LambdaFetchHandler } from '../src/index.js';
import { albEvent, context, restEvent, v2Event } from './events.js';

/** Runs `inspect` on the Request the handler gets for `event`; answers 204. */
async function withRequest(event: any, inspect: (request: Request) => Promise<void>): Promise<void> {
  let failure: unknown;
  const handler: LambdaFetchHandler = async (request) => {
    try {
      await inspect(request);
    } catch (error) {
      failure = error;
    }
    return new Response(null, { status: 204 });
  };
  const result: any = await handle(handler, { onError: (error) => (failure = error) })(event, context);
  if (failure) throw failure;
  expect(result.statusCode).toBe(204);
}

const post = (body: string, isBase64Encoded = false) =>
  v2Event({ method: 'POST', headers: { 'content-type': 'application/json' }, body, isBase64Encoded });

// What a body must read as: a leading BOM, a lone surrogate (only a JSON event can carry one),
// text in every UTF-8 length, an empty array, whitespace.
const TEXTS = [
  '[{"name":"Ana","age":30}]',
  '\uFEFF[{"name":"Zoë Ünïcödé 名前 😀"}]',
  '\uFEFF\uFEFF[]',
  '[{"name":"lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00"}]',
  '\uDFFF',
  ' \r\n\t',
];

describe('the request body of a text event: the event string as its UTF-8 bytes', () => {
  afterEach(() => vi.restoreAllMocks());

  it('carries the UTF-8 bytes of the string, and reads as their standard decoding', async () => {
    for (const text of TEXTS) {
      // UTF-8 decode (Encoding §4.1) drops one BOM; Node 20's undici drops a second one too.
      const spec = new TextDecoder().decode(new TextEncoder().encode(text));
      for (const event of [post(text), restEvent({ method: 'POST', body: text }), albEvent({ body: text })]) {
        if ('httpMethod' in event) event.httpMethod = 'POST';
        await withRequest(event, async (request) => {
          const bytes = new Uint8Array(await request.clone().arrayBuffer());
          expect(Buffer.from(bytes).equals(Buffer.from(new TextEncoder().encode(text)))).toBe(true);
          // Node 20's undici drops a second BOM too (the standard drops one): its reader, not ours.
          if (!text.startsWith('\uFEFF\uFEFF')) expect(await request.text()).toBe(spec);
        });
      }
    }
  });

  it('parses json() as the standard one does, and rejects bad JSON with a SyntaxError', async () => {
    for (const text of [TEXTS[0]!, TEXTS[1]!, TEXTS[3]!]) {
      await withRequest(post(text), async (request) => {
        const standard = await request.clone().json();
        expect(await request.json()).toEqual(standard);
      });
    }
    await withRequest(post('[1,'), async (request) => {
      await expect(request.json()).rejects.toThrow(SyntaxError);
      expect(request.bodyUsed).toBe(true);
    });
  });

  it('uses the body up: a second read, or a read after the stream was taken, is refused', async () => {
    await withRequest(post('[1]'), async (request) => {
      expect(request.bodyUsed).toBe(false);
      await request.text();
      expect(request.bodyUsed).toBe(true);
      await expect(request.text()).rejects.toThrow(TypeError);
      await expect(request.json()).rejects.toThrow(TypeError);
      await expect(request.arrayBuffer()).rejects.toThrow(TypeError);
    });
    await withRequest(post('[1]'), async (request) => {
      const reader = request.body!.getReader();
      await expect(request.text()).rejects.toThrow(TypeError);
      const { value } = await reader.read();
      expect(new TextDecoder().decode(value)).toBe('[1]');
    });
  });

  it('leaves the body stream whole for a handler that reads the stream', async () => {
    const text = TEXTS[1]!;
    await withRequest(post(text), async (request) => {
      expect(request.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
      const bytes = new Uint8Array(await new Response(request.body).arrayBuffer());
      expect(Buffer.from(bytes).equals(Buffer.from(text))).toBe(true);
    });
  });

  it('gives a byte stream (BYOB reads), clones, and forwards as a Request body', async () => {
    for (const text of TEXTS) {
      const bytes = new TextEncoder().encode(text);
      await withRequest(post(text), async (request) => {
        expect(request.headers.get('content-length')).toBe(String(bytes.byteLength));
        const copy = request.clone();
        const forwarded = new Request(request);
        const reader = copy.body!.getReader({ mode: 'byob' });
        const { value } = await reader.read(new Uint8Array(bytes.byteLength + 8));
        expect(Buffer.from(value!).equals(Buffer.from(bytes))).toBe(true);
        const read = new Uint8Array(await forwarded.arrayBuffer());
        expect(Buffer.from(read).equals(Buffer.from(bytes))).toBe(true);
        expect(request.bodyUsed).toBe(true);
      });
    }
  });

  it('reads a base64 body the standard way, from its bytes', async () => {
    const standardText = vi.spyOn(Request.prototype, 'text');
    const text = '[{"name":"Zoë"}]';
    await withRequest(post(Buffer.from(text).toString('base64'), true), async (request) => {
      expect(await request.text()).toBe(text);
    });
    expect(standardText).toHaveBeenCalledOnce();
  });
});

describe('the answer body: read off its stream', () => {
  const chunked = (chunks: unknown[], type = 'text/csv; charset=utf-8'): LambdaFetchHandler => {
    return () =>
      new Response(
        new ReadableStream({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(chunk);
            controller.close();
          },
        }),
        { headers: { 'content-type': type } },
      );
  };

  it('joins chunks, a character split across two of them included', async () => {
    const bytes = new TextEncoder().encode('Name\r\nZoë 😀\r\n');
    const split = [bytes.subarray(0, 8), bytes.subarray(8, 13), bytes.subarray(13)];
    const result: any = await handle(chunked(split))(v2Event(), context);
    expect(result).toMatchObject({ statusCode: 200, isBase64Encoded: false, body: 'Name\r\nZoë 😀\r\n' });
    const binary: any = await handle(chunked(split, 'application/octet-stream'))(v2Event(), context);
    expect(binary).toMatchObject({ isBase64Encoded: true, body: Buffer.from(bytes).toString('base64') });
  });

  it('sends a chunk that is a view into a larger buffer as only its own bytes', async () => {
    const whole = new Uint8Array([0xff, 0x41, 0x42, 0xff]);
    const binary: any = await handle(chunked([whole.subarray(1, 3)], 'application/octet-stream'))(
      v2Event(),
      context,
    );
    expect(binary).toMatchObject({ isBase64Encoded: true, body: Buffer.from('AB').toString('base64') });
  });

  it('answers 500 for a body chunk that is not bytes, or a body already read', async () => {
    const onError = vi.fn();
    const strings: any = await handle(chunked(['Name\r\n']), { onError })(v2Event(), context);
    expect(strings.statusCode).toBe(500);
    const used: any = await handle(
      async () => {
        const response = new Response('Name\r\n', { headers: { 'content-type': 'text/csv' } });
        await response.text();
        return response;
      },
      { onError },
    )(v2Event(), context);
    expect(used.statusCode).toBe(500);
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it('sends an empty or absent body as an empty string', async () => {
    for (const body of [null, '', new Uint8Array(0)]) {
      const result: any = await handle(() => new Response(body, { headers: { 'content-type': 'text/csv' } }))(
        v2Event(),
        context,
      );
      expect(result).toMatchObject({ statusCode: 200, body: '', isBase64Encoded: false });
    }
  });
});
