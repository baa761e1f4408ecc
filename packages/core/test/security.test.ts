import { connect } from 'node:net';
import { serve } from '@csvfn/adapter-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { employeeSchema } from '../src/employee.js';
import { createConverter, createCsvHandler, type HandlerOptions, type RequestLog } from '../src/index.js';

/** Defences SECURITY.md lists, each proven here or in the file it names. */

// The seed's behaviour: the employee schema, passed explicitly (there is no default schema).
const quiet: HandlerOptions = { logger: false, schema: employeeSchema };
const HEADER = 'Name,Age,Job Title,Badge Number\r\n';

function post(body: BodyInit | null, headers: Record<string, string> = {}, query = '') {
  return new Request(`http://test.local/api${query}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    duplex: 'half',
  } as RequestInit);
}

/** A body of `total` bytes in 1 KiB chunks, counting how many the handler pulled. */
function countedBody(total: number) {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      controller.enqueue(new Uint8Array(1024).fill(0x20));
      sent += 1024;
    },
  });
  return {
    stream,
    get sent() {
      return sent;
    },
  };
}

describe('body-limit bypass by an understated Content-Length', () => {
  it('counts the bytes that arrive, not the bytes declared: 413, and reading stops at the limit', async () => {
    const body = countedBody(1024 * 1024);
    const handler = createCsvHandler({ ...quiet, maxBodyBytes: 8 * 1024 });
    const response = await handler(post(body.stream, { 'content-length': '10' }));
    expect(response.status).toBe(413);
    expect(body.sent).toBeLessThanOrEqual(8 * 1024 + 2 * 1024);
  });

  it('the same for a streamed (NDJSON) body', async () => {
    const body = countedBody(1024 * 1024);
    const handler = createCsvHandler({ ...quiet, maxBodyBytes: 8 * 1024 });
    const response = await handler(
      post(body.stream, { 'content-length': '10', 'content-type': 'application/x-ndjson' }),
    );
    expect(response.status).toBe(413);
    expect(body.sent).toBeLessThanOrEqual(8 * 1024 + 2 * 1024);
  });

  it('over real HTTP, bytes past the declared length are the next message, under its own limit', async () => {
    const seen: RequestLog[] = [];
    const server = await serve(
      createCsvHandler({ schema: employeeSchema, maxBodyBytes: 1024, logger: (entry) => seen.push(entry) }),
      {
        port: 0,
        hostname: '127.0.0.1',
      },
    );
    try {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(server.port, '127.0.0.1');
        let text = '';
        socket.on('data', (data) => {
          text += data.toString('latin1');
          if (text.includes('413 Payload Too Large')) socket.end();
        });
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
        // Declares 2 bytes and sends 100 KiB more right behind them, hoping they count as the
        // same body, past the 1 KiB limit: they are parsed as a second request, which is refused.
        const extra = `[${' '.repeat(100 * 1024)}]`;
        socket.write(
          'POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]' +
            'POST /api HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n' +
            `${extra.length.toString(16)}\r\n${extra}\r\n0\r\n\r\n`,
        );
      });
      expect(reply.startsWith('HTTP/1.1 200 OK')).toBe(true);
      expect(reply).toContain(HEADER);
      expect(reply).toContain('HTTP/1.1 413 Payload Too Large');
      expect(seen.map(({ status, bytesIn }) => ({ status, bytesIn }))).toEqual([
        { status: 200, bytesIn: 2 },
        { status: 413, bytesIn: expect.any(Number) },
      ]);
      expect(seen[1]!.bytesIn).toBeLessThan(100 * 1024);
    } finally {
      server.server.closeAllConnections();
      await server.close();
    }
  });
});

describe('header injection through the filename', () => {
  const handler = createCsvHandler(quiet);
  const token = /^[\x20-\x7e]*$/;

  it('keeps Content-Disposition one well-formed line whatever the filename option holds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.string({
            unit: fc.constantFrom(
              '\r',
              '\n',
              '"',
              '\\',
              '/',
              '%',
              ';',
              '=',
              '*',
              "'",
              'a',
              ' ',
              '.',
              'é',
              '\u2028',
            ),
            maxLength: 30,
          }),
        ),
        async (name) => {
          const response = await handler(post('[]', {}, `?filename=${encodeURIComponent(name)}`));
          if (response.status === 400) {
            expect(await response.json()).toMatchObject({
              type: 'urn:csvfn:problem:invalid-option',
              option: 'filename',
            });
            return;
          }
          expect(response.status).toBe(200);
          const disposition = response.headers.get('content-disposition')!;
          expect(disposition).toMatch(token);
          const match =
            /^attachment; filename="([^"\\]*)"(?:; filename\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]+))?$/.exec(
              disposition,
            );
          expect(match, disposition).not.toBeNull();
          const [, ascii, extended] = match!;
          expect(ascii).toMatch(/\.csv$/);
          expect(ascii).not.toMatch(/[/\\]|^\./);
          if (extended) expect(decodeURIComponent(extended)).not.toMatch(/[\r\n/\\"\u0000-\u001f]/);
        },
      ),
      { numRuns: Number(process.env.CSVFN_FUZZ_RUNS ?? 300) },
    );
  });
});

describe('prototype pollution through __proto__ keys', () => {
  const body = JSON.stringify([]).replace(
    '[]',
    '[{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"name":"a","age":1,"jobTitle":"b","badgeNumber":2}]',
  );

  it.each([
    ['the employee schema', {}],
    ['schema-less mode', { schema: false }],
    ['a passthrough schema', { schema: z.looseObject({ name: z.string() }) }],
  ] as const)('leaves Object.prototype alone (%s)', async (_, options) => {
    for (const contentType of ['application/json', 'application/x-ndjson']) {
      const text = contentType === 'application/json' ? body : `${body.slice(1, -1)}\n`;
      const response = await createCsvHandler({ ...quiet, ...options })(
        post(text, { 'content-type': contentType }),
      );
      expect(response.status).toBe(200);
      await response.text();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    }
  });

  it('reads only a row’s own values: a flat row without `constructor` or `__proto__` has those cells empty', () => {
    const rows = JSON.parse('[{"constructor":"c","__proto__":"p","toString":"t"},{"name":"n"}]');
    const converter = createConverter();
    const expected = 'constructor,__proto__,toString,name\r\nc,p,t,\r\n,,,n\r\n';
    expect(converter.toCsv(rows)).toBe(expected);
    expect(new TextDecoder().decode(converter.toCsvBytes(rows))).toBe(expected);
  });

  it('takes only a row’s own keys as columns, even with an enumerable key on Object.prototype', () => {
    const rows = [{ a: 1 }, { b: 2 }];
    (Object.prototype as Record<string, unknown>).inherited = 'x';
    try {
      const converter = createConverter();
      expect(converter.toCsv(rows)).toBe('a,b\r\n1,\r\n,2\r\n');
      expect(new TextDecoder().decode(converter.toCsvBytes(rows))).toBe('a,b\r\n1,\r\n,2\r\n');
    } finally {
      delete (Object.prototype as Record<string, unknown>).inherited;
    }
  });

  it('writes __proto__ as an ordinary column in schema-less mode', async () => {
    const response = await createCsvHandler({ ...quiet, schema: false })(post(body));
    const csv = await response.text();
    expect(csv.split('\r\n')[0]).toBe(
      '__proto__.polluted,constructor.prototype.polluted,name,age,jobTitle,badgeNumber',
    );
  });
});

describe('no stack trace, file path or secret leaves the function', () => {
  it('answers a throwing schema and limiter with the same generic 500', async () => {
    const secret = 'sk-live-do-not-leak';
    const failing: HandlerOptions[] = [
      {
        schema: z.object({
          name: z.pipe(
            z.string(),
            z.transform((): string => {
              throw new Error(`boom at /srv/app/schema.ts:12:3 with ${secret}`);
            }),
          ),
        }),
      },
      {
        rateLimit: () => {
          throw new TypeError(`limiter down: ${secret}`);
        },
      },
    ];
    // A column the schema does not have is refused when the handler is made, never a 500 per request.
    expect(() => createCsvHandler({ ...quiet, columns: ['notInSchema' as never] })).toThrow(/notInSchema/);
    for (const options of failing) {
      const response = await createCsvHandler({ ...quiet, apiKeys: [secret], ...options })(
        post('[{"name":"x"}]', { authorization: `Bearer ${secret}` }),
      );
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toContain(secret);
      expect(text).not.toMatch(/\bat |\/srv\/|\.ts:\d|Error:/);
      expect(JSON.parse(text)).toEqual({
        type: 'urn:csvfn:problem:internal',
        title: 'Internal Server Error',
        status: 500,
        detail: 'An unexpected error occurred.',
        requestId: expect.any(String),
      });
    }
  });
});
