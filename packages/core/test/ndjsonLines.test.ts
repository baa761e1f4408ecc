import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { employeeSchema } from '../src/employee.js';
import { createCsvHandler, type HandlerOptions } from '../src/index.js';

/**
 * NDJSON is read a batch of lines per chunk of bytes: lines are cut over bytes and decoded
 * together. Wherever the chunks fall (inside a line, a CRLF or a multi-byte character), the
 * answer is the one the whole body gets, and a valid body gives the bytes the JSON-array path
 * gives for the same rows.
 */

const quiet: HandlerOptions = { logger: false, schema: employeeSchema };
const encoder = new TextEncoder();
const runs = Number(process.env.CSVFN_FUZZ_RUNS ?? 150);

function post(body: BodyInit, contentType: string) {
  return new Request('http://test.local/api', {
    method: 'POST',
    body,
    headers: { 'content-type': contentType },
    duplex: 'half',
  } as RequestInit);
}

/** `bytes` as a stream cut at `cuts` (offsets, any order). */
function chunked(bytes: Uint8Array, cuts: readonly number[]): ReadableStream<Uint8Array> {
  const ends = [...new Set(cuts.map((cut) => Math.min(cut, bytes.length)))].sort((a, b) => a - b);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let start = 0;
      for (const end of [...ends, bytes.length]) {
        if (end > start) controller.enqueue(bytes.slice(start, end));
        start = end;
      }
      controller.close();
    },
  });
}

/** Status and body of an answer (a problem as parsed JSON). */
async function outcome(response: Response): Promise<{ status: number; body: unknown }> {
  const text = await response.text();
  return { status: response.status, body: response.status === 200 ? text : JSON.parse(text) };
}

async function ndjsonAnswer(bytes: Uint8Array, cuts: readonly number[], options: HandlerOptions = quiet) {
  return outcome(await createCsvHandler(options)(post(chunked(bytes, cuts), 'application/x-ndjson')));
}

const text = fc.string({ unit: 'binary', maxLength: 12 });
const employee = fc.record({
  name: text,
  age: fc.integer({ min: 0, max: 120 }),
  jobTitle: text,
  badgeNumber: fc.integer({ min: 0, max: 99_999 }),
});
/** What may stand between rows: nothing, or blank lines (spaces, a lone CR, a no-break space). */
const blanks = fc.array(fc.constantFrom('', '   ', '\r', '\u00a0', '\t'), { maxLength: 2 });
const eol = fc.constantFrom('\n', '\r\n');
const cuts = fc.array(fc.nat({ max: 4000 }), { maxLength: 12 });

/** NDJSON of `lines` (texts), each with its own line end and the blank lines before it. */
function body(
  lines: ReadonlyArray<{ text: string; eol: string; before: string[] }>,
  bom: boolean,
  last: boolean,
) {
  let out = bom ? '\uFEFF' : '';
  lines.forEach((line, i) => {
    for (const blank of line.before) out += `${blank}${line.eol}`;
    out += line.text + (i < lines.length - 1 || last ? line.eol : '');
  });
  return out;
}

describe('NDJSON lines cut over bytes', () => {
  it('gives the JSON-array answer for the same rows, wherever the chunks fall', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ row: employee, eol, before: blanks }), { maxLength: 25 }),
        fc.boolean(),
        fc.boolean(),
        cuts,
        async (rows, bom, last, at) => {
          const lines = rows.map(({ row, eol, before }) => ({ text: JSON.stringify(row), eol, before }));
          const bytes = encoder.encode(body(lines, bom, last));
          const json = await outcome(
            await createCsvHandler(quiet)(
              post(JSON.stringify(rows.map(({ row }) => row)), 'application/json'),
            ),
          );
          expect(json.status).toBe(200);
          expect(await ndjsonAnswer(bytes, at)).toEqual(json);
        },
      ),
      { numRuns: runs },
    );
  });

  it('gives the same problem wherever the chunks fall, at the line it is on', async () => {
    const faults = {
      // The problem and where it points, for a fault on line `line` (1-based) that is row `row` (0-based).
      json: {
        text: '{"name": ',
        check: (p: Problem, line: number) => expect(p).toMatchObject({ status: 400, line, column: 10 }),
      },
      object: {
        text: '[1]',
        check: (p: Problem, line: number, row: number) =>
          expect(p).toMatchObject({ status: 400, line, errors: [{ pointer: `/${row}` }] }),
      },
      schema: {
        text: '{"name":"a","age":"old","jobTitle":"b","badgeNumber":1}',
        check: (p: Problem, _line: number, row: number) =>
          expect(p).toMatchObject({ status: 422, errors: [{ pointer: `/${row}/age` }] }),
      },
      utf8: {
        text: '{"name":"\u0001"}', // its U+0001 is replaced by a byte that is never UTF-8
        check: (p: Problem) =>
          expect(p).toMatchObject({ status: 400, type: 'urn:csvfn:problem:invalid-utf8' }),
      },
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ row: employee, eol, before: blanks }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.constantFrom(...(Object.keys(faults) as Array<keyof typeof faults>)),
        fc.boolean(),
        cuts,
        async (rows, where, kind, bom, at) => {
          const faultAt = where % rows.length;
          const lines = rows.map(({ row, eol, before }, i) => ({
            text: i === faultAt ? faults[kind].text : JSON.stringify(row),
            eol,
            before,
          }));
          const bytes = encoder.encode(body(lines, bom, true));
          if (kind === 'utf8') bytes[bytes.indexOf(0x01)] = 0xff;
          const whole = await ndjsonAnswer(bytes, []);
          const line = lines.slice(0, faultAt + 1).reduce((n, l) => n + l.before.length + 1, 0);
          faults[kind].check(whole.body as Problem, line, faultAt);
          expect(await ndjsonAnswer(bytes, at)).toEqual(whole);
        },
      ),
      { numRuns: runs },
    );
  });
});

type Problem = Record<string, unknown>;

describe('NDJSON decoding', () => {
  const good = `${JSON.stringify({ name: 'Zoë 😀', age: 1, jobTitle: '名前', badgeNumber: 2 })}\n`;

  it('takes a character split across chunks at any byte', async () => {
    const bytes = encoder.encode(good.repeat(3));
    const whole = await ndjsonAnswer(bytes, []);
    expect(whole.body).toContain('Zoë 😀,1,名前,2\r\n');
    for (let cut = 1; cut < bytes.length; cut++) expect(await ndjsonAnswer(bytes, [cut])).toEqual(whole);
  });

  it('refuses a character cut short at the end of the body', async () => {
    const bytes = encoder.encode(`${good}{"name":"😀`).slice(0, -2);
    for (const at of [[], [encoder.encode(good).length], [bytes.length - 1]])
      expect(await ndjsonAnswer(bytes, at)).toMatchObject({
        status: 400,
        body: { type: 'urn:csvfn:problem:invalid-utf8' },
      });
  });

  it('reports invalid UTF-8 in a chunk before any line of that chunk, even in its unfinished last line', async () => {
    const bytes = new Uint8Array([...encoder.encode('{"name": \n{"name":"'), 0xff]);
    // In one chunk: the bad byte is seen first, as when the chunk was decoded whole.
    expect((await ndjsonAnswer(bytes, [])).body).toMatchObject({ type: 'urn:csvfn:problem:invalid-utf8' });
    // In a later chunk: the bad line before it is read first.
    expect((await ndjsonAnswer(bytes, [bytes.length - 1])).body).toMatchObject({
      type: 'urn:csvfn:problem:invalid-json',
      line: 1,
    });
  });

  it('checks each unfinished line on its own, after one that ended inside a character', async () => {
    // Chunk 1 ends inside the `ë` of line 1 (C3 | AB); chunk 2 completes it and ends inside line 2,
    // which starts with ASCII: a checker still holding C3 would call that invalid.
    const bytes = encoder.encode(
      '{"name":"Zoë","age":1,"jobTitle":"a","badgeNumber":2}\n{"name":"Al","age":3,"jobTitle":"b","badgeNumber":4}\n',
    );
    const cut1 = bytes.indexOf(0xab);
    const cut2 = bytes.indexOf(0x0a) + 5;
    expect(await ndjsonAnswer(bytes, [cut1, cut2])).toEqual({
      status: 200,
      body: 'Name,Age,Job Title,Badge Number\r\nZoë,1,a,2\r\nAl,3,b,4\r\n',
    });
  });

  it('still refuses invalid UTF-8 in a later unfinished line, after one that ended in ASCII', async () => {
    const bytes = new Uint8Array([
      ...encoder.encode('{"name":"Al","age":3,"jobTitle":"b","badgeNumber":4}\n{"name":"'),
      0xc3,
      0x28, // a lead byte, then no continuation
      ...encoder.encode('"}\n'),
    ]);
    // Chunk 1 ends in ASCII inside line 1; chunk 2 ends inside line 2, just after the bad pair.
    const at = [10, bytes.indexOf(0x28) + 1];
    expect(await ndjsonAnswer(bytes, at)).toMatchObject({
      status: 400,
      body: { type: 'urn:csvfn:problem:invalid-utf8' },
    });
  });

  it('gives the line of a bad line among whole lines of one chunk, after CRLF and blank lines', async () => {
    const good = '{"name":"a","age":1,"jobTitle":"b","badgeNumber":2}';
    // Lines: 1 good (CRLF), 2 blank, 3 good, 4 spaces, 5 bad, 6 good; in one chunk, then cut
    // inside line 1 so that lines 2 to 6 come as the second batch of their chunk.
    const bytes = encoder.encode(
      `${good}\r\n\n${good}\n   \n{"name":"a","age":"x","jobTitle":"b","badgeNumber":2}\n${good}\n`,
    );
    for (const at of [[], [10]]) {
      expect(await ndjsonAnswer(bytes, at)).toMatchObject({
        status: 422,
        body: { errors: [{ pointer: '/2/age', message: 'Expected number, received string' }] },
      });
    }
    const bad = encoder.encode(`${good}\r\n\n${good}\n   \n{"name": 1,}\n${good}\n`);
    for (const at of [[], [10]]) {
      expect(await ndjsonAnswer(bad, at)).toMatchObject({
        status: 400,
        body: { type: 'urn:csvfn:problem:invalid-json', line: 5, column: 12 },
      });
    }
  });

  it('takes a last line ended by CRLF, or by blanks, as the lines before it', async () => {
    const good = '{"name":"a","age":1,"jobTitle":"b","badgeNumber":2}';
    const csv = 'Name,Age,Job Title,Badge Number\r\na,1,b,2\r\na,1,b,2\r\n';
    for (const text of [`${good}\n${good}\r\n`, `${good}\n${good}\n\n  \n`, `${good}\n${good}  `]) {
      const bytes = encoder.encode(text);
      for (let cut = 0; cut <= bytes.length; cut++)
        expect(await ndjsonAnswer(bytes, [cut])).toEqual({ status: 200, body: csv });
    }
  });

  it('takes rows with spaces between their tokens, and refuses a row that runs over two lines', async () => {
    // Python's json.dumps writes `", "` and `": "`: the row is whole on its line.
    const spaced = '{"name": "a", "age": 1, "jobTitle": "b", "badgeNumber": 2}';
    const csv = 'Name,Age,Job Title,Badge Number\r\na,1,b,2\r\na,1,b,2\r\n';
    const bytes = encoder.encode(`${spaced}\n${spaced} \r\n`);
    for (let cut = 0; cut <= bytes.length; cut++)
      expect(await ndjsonAnswer(bytes, [cut])).toEqual({ status: 200, body: csv });
    // The same row with its line broken after a comma, with or without spaces or a CR: line 2
    // holds the start of a row that does not end there, whatever JSON it makes with the next line.
    const good = '{"name":"a","age":1,"jobTitle":"b","badgeNumber":2}';
    for (const broken of [
      '{"name":"a",\n"age":1,"jobTitle":"b","badgeNumber":2}',
      '{"name": "a",\r\n "age": 1, "jobTitle": "b", "badgeNumber": 2}',
    ]) {
      const body = encoder.encode(`${good}\n${broken}\n${good}\n`);
      const column = broken.indexOf('\n') + (broken.includes('\r') ? 0 : 1);
      for (const at of [[], [good.length + 3]])
        expect(await ndjsonAnswer(body, at)).toMatchObject({
          status: 400,
          body: { type: 'urn:csvfn:problem:invalid-json', line: 2, column },
        });
    }
  });

  it('refuses a declared Content-Length over the limit before reading a line', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(encoder.encode(good));
      },
    });
    const request = new Request('http://test.local/api', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-ndjson', 'content-length': '11' },
      duplex: 'half',
    } as RequestInit);
    const response = await createCsvHandler({ ...quiet, maxBodyBytes: 10 })(request);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1); // the stream's own first pull at construction, nothing read
  });

  it('drops a byte-order mark at the start of the body only', async () => {
    const bytes = encoder.encode(`\uFEFF${good}\uFEFF${good}`);
    // Cut where the second line (and its mark) starts a batch, and inside the mark.
    const second = 3 + encoder.encode(good).length;
    for (const at of [[], [second], [second + 1]]) {
      expect((await ndjsonAnswer(bytes, at)).body).toMatchObject({
        type: 'urn:csvfn:problem:invalid-json',
        detail: 'Unexpected character U+FEFF at line 2, column 1.',
      });
    }
  });

  it('keeps exact digits on a line among others, and only there', async () => {
    const lines = `{"a":1.5}\n{"a":12345678901234567890}\n{"a":0.1}\n`;
    const answer = await ndjsonAnswer(encoder.encode(lines), [], { logger: false, schema: false });
    expect(answer.body).toBe('a\r\n1.5\r\n12345678901234567890\r\n0.1\r\n');
  });

  it('counts a row against maxRows before checking it against the schema', async () => {
    const bytes = encoder.encode(`${good}{"name":1}\n`);
    expect((await ndjsonAnswer(bytes, [], { ...quiet, maxRows: 1 })).body).toMatchObject({
      type: 'urn:csvfn:problem:too-many-rows',
    });
  });
});
