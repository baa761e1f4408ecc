import { isLateProblem } from '@csvfn/platform';
import { describe, expect, it } from 'vitest';
import { employeeSchema } from '../src/employee.js';
import { createCsvHandler } from '../src/index.js';

const row = { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 };
const LINE = `${JSON.stringify(row)}\n`;
const CSV_ROW = 'John Doe,45,Software Developer,58195\r\n';
const HEADER = 'Name,Age,Job Title,Badge Number\r\n';
// The seed's behaviour: the employee schema, passed explicitly (there is no default schema).
const quiet = { logger: false as const, schema: employeeSchema };
const encoder = new TextEncoder();

function ndjson(body: ReadableStream<Uint8Array> | string | Uint8Array, query = '') {
  return new Request(`http://test.local/api${query}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-ndjson' },
    duplex: 'half',
  } as RequestInit);
}

/** An endless NDJSON body, 64 KiB a chunk, that counts the bytes the handler has taken. */
function endlessRows() {
  const chunk = encoder.encode(LINE.repeat(Math.ceil(65_536 / LINE.length)));
  const source = {
    pulled: 0,
    stream: new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          source.pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
      },
      { highWaterMark: 0 },
    ),
  };
  return source;
}

/** Reads a body to its end, or to its error, keeping what came before. */
async function drain(response: Response): Promise<{ text: string; error?: unknown }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

/** Waits until `read()` stops changing (five polls alike), or gives up after 400 polls; no timing is asserted. */
async function steady(read: () => number): Promise<number> {
  let last = read();
  for (let same = 0, polls = 0; same < 5 && polls < 400; polls++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const now = read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

describe('NDJSON streaming keeps memory flat', () => {
  it('takes in no more of the body than the client has read of the answer (backpressure)', async () => {
    const source = endlessRows();
    const response = await createCsvHandler({ ...quiet, maxBodyBytes: 1e12, maxRows: 1e12 })(
      ndjson(source.stream),
    );
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let read = 0;
    for (let i = 0; i < 3; i++) read += (await reader.read()).value!.byteLength;
    // Nobody reads the answer: the handler must stop pulling, not buffer the body in memory.
    const pulledWhileIdle = await steady(() => source.pulled);
    expect(pulledWhileIdle).toBeLessThan(2 * 1024 * 1024);
    // Reading resumes the flow, chunk for chunk.
    for (let i = 0; i < 50; i++) read += (await reader.read()).value!.byteLength;
    expect(source.pulled).toBeGreaterThan(pulledWhileIdle);
    expect(read).toBeGreaterThan(50 * 16_384);
    await reader.cancel();
  });

  it('converts a record far longer than a chunk, and one far longer than the hold-back', async () => {
    const long = 'x'.repeat(300_000);
    const bytes = encoder.encode(`${JSON.stringify({ ...row, name: long })}\n${LINE}`);
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 1000)
          controller.enqueue(bytes.slice(offset, offset + 1000));
        controller.close();
      },
    });
    const response = await createCsvHandler(quiet)(ndjson(source));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`${HEADER}${long},45,Software Developer,58195\r\n${CSV_ROW}`);
  });
});

describe('NDJSON framing', () => {
  it('skips a BOM and blank lines, takes CRLF, and needs no final newline', async () => {
    const body = `\uFEFF${LINE}\r\n\n${JSON.stringify(row)}\r\n   \n${JSON.stringify(row)}`;
    const response = await createCsvHandler(quiet)(ndjson(body));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(HEADER + CSV_ROW.repeat(3));
  });

  it('answers an empty body with the header alone', async () => {
    const response = await createCsvHandler(quiet)(ndjson(''));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(HEADER);
  });

  it('schema-less: the first row sets the columns', async () => {
    const response = await createCsvHandler({ ...quiet, schema: false })(
      ndjson('{"a":1,"b":{"c":2}}\n{"a":3}\n'),
    );
    expect(await response.text()).toBe('a,b.c\r\n1,2\r\n3,\r\n');
  });

  it('schema-less: a later key is a 422 that speaks of columns, not of a schema', async () => {
    const response = await createCsvHandler({ ...quiet, schema: false })(ndjson('{"a":1}\n{"a":2,"b":3}\n'));
    expect(response.status).toBe(422);
    const problem = await response.json();
    expect(problem).toMatchObject({
      type: 'urn:csvfn:problem:invalid-rows',
      detail:
        'Row 2 has a column the first row did not have; without a schema, a streamed (NDJSON) body takes its columns from its first row.',
      errors: [
        {
          pointer: '/1/b',
          message: '"b" is not a column: the first row set the columns of this stream, and it had no "b"',
        },
      ],
    });
  });
});

describe('NDJSON failures after the answer has started', () => {
  /** 2000 good lines (past the 64 KiB hold-back, so the 200 is out), then `tail`. */
  function startedThen(tail: Uint8Array | string) {
    return new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(LINE.repeat(2000)));
        controller.enqueue(typeof tail === 'string' ? encoder.encode(tail) : tail);
        controller.close();
      },
    });
  }

  it.each([
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), 'invalid-utf8'],
    ['a JSON syntax error', '{"name": \n', 'invalid-json'],
    ['a line that is not an object', '[1, 2]\n', 'invalid-body'],
  ])('ends the stream with its late problem on %s, after every good row', async (_, tail, kind) => {
    const response = await createCsvHandler(quiet)(ndjson(startedThen(tail)));
    expect(response.status).toBe(200);
    const { text, error } = await drain(response);
    expect(lateKind(error)).toBe(kind);
    expect(text).toBe(HEADER + CSV_ROW.repeat(2000));
  });

  it('carries the status, the problem body and the CORS headers an adapter needs to answer it', async () => {
    const handler = createCsvHandler({ ...quiet, cors: { origins: ['https://app.example'] } });
    const request = ndjson(startedThen('42\n'));
    request.headers.set('origin', 'https://app.example');
    const { error } = await drain(await handler(request));
    expect(isLateProblem(error)).toBe(true);
    if (!isLateProblem(error)) return;
    expect(error.status).toBe(400);
    expect(error.headers['access-control-allow-origin'] ?? error.headers['Access-Control-Allow-Origin']).toBe(
      'https://app.example',
    );
    expect(JSON.parse(error.body)).toMatchObject({
      type: 'urn:csvfn:problem:invalid-body',
      line: 2001,
      errors: [{ pointer: '/2000', message: 'Expected object, received number' }],
    });
  });

  it('ends the stream with an error once the rows pass maxRows', async () => {
    const response = await createCsvHandler({ ...quiet, maxRows: 2500 })(
      ndjson(startedThen(LINE.repeat(1000))),
    );
    expect(response.status).toBe(200);
    const { text, error } = await drain(response);
    expect(lateKind(error)).toBe('too-many-rows');
    expect(text.split('\r\n').length - 2).toBeLessThanOrEqual(2500);
  });

  it('ends the stream with an error once the body passes maxBodyBytes', async () => {
    const response = await createCsvHandler({ ...quiet, maxBodyBytes: 200_000 })(
      ndjson(startedThen(LINE.repeat(1000))),
    );
    expect(response.status).toBe(200);
    expect(lateKind((await drain(response)).error)).toBe('body-too-large');
  });
});

/** The problem kind a body failed with, if it failed with the platform's late problem. */
function lateKind(error: unknown): string | undefined {
  if (!isLateProblem(error)) return undefined;
  return (JSON.parse(error.body) as { type: string }).type.replace('urn:csvfn:problem:', '');
}
