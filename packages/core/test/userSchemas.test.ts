// Issue 12: csvfn in someone else's project — their schema (nested, unions, titles), no schema at
// all, options checked when the converter is built, and numbers kept as the client wrote them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import * as zm from 'zod/mini';
import { CsvValidationError, createConverter, createCsvHandler, parseJson, toCsv } from '../src/index.js';

const orderSchema = z.object({
  id: z.int().meta({ title: 'Order #' }),
  customer: z.object({
    name: z.string().meta({ title: 'Customer' }),
    address: z.object({ city: z.string() }).optional(),
  }),
  note: z.string().optional(),
  placed: z.coerce.date(),
  status: z.enum(['open', 'shipped']),
  tags: z.array(z.string()),
});
const order = {
  id: 1,
  customer: { name: 'Ada', address: { city: 'Paris' } },
  placed: '2026-01-02T03:04:05.000Z',
  status: 'open' as const,
  tags: ['a', 'b'],
};

const issuesOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof CsvValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a CsvValidationError');
};

describe('a nested schema', () => {
  it('writes dotted columns titled from nested .meta(), arrays as JSON text', () => {
    expect(toCsv([order], { schema: orderSchema })).toBe(
      'Order #,Customer,Customer Address City,Note,Placed,Status,Tags\r\n' +
        '1,Ada,Paris,,2026-01-02T03:04:05.000Z,open,"[""a"",""b""]"\r\n',
    );
  });

  it('takes dotted paths in columns', () => {
    const converter = createConverter({ schema: orderSchema, columns: ['customer.address.city', 'id'] });
    expect(converter.toCsv([order])).toBe('Customer Address City,Order #\r\nParis,1\r\n');
  });

  it('writes the union of a discriminated union’s branches', () => {
    const shape = z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('circle'), radius: z.number() }),
      z.object({ kind: z.literal('rect'), width: z.number(), height: z.number() }),
    ]);
    const rows = [
      { kind: 'circle' as const, radius: 2 },
      { kind: 'rect' as const, width: 3, height: 4 },
    ];
    expect(toCsv(rows, { schema: shape })).toBe('Kind,Radius,Width,Height\r\ncircle,2,,\r\nrect,,3,4\r\n');
  });

  it('refuses an object-level transform when built, naming it and its path', () => {
    const transformed = z.object({ a: z.object({ b: z.string() }).transform((value) => value.b) });
    expect(() => createConverter({ schema: orderSchema.transform((value) => value) })).toThrow(
      /createConverter: The schema is an object-level \.transform\(\)/,
    );
    // A field-level transform is a value like any other: written in one cell.
    expect(toCsv([{ a: { b: 'x' } }], { schema: transformed })).toBe('A\r\nx\r\n');
    expect(() => createConverter({ schema: z.string() as never })).toThrow(/a string schema/);
  });
});

describe('no schema', () => {
  it('is the default: any rows convert, nested objects as dotted columns', () => {
    expect(
      toCsv([
        { sku: 'x', dims: { w: 1, h: 2 } },
        { sku: 'y', qty: 3 },
      ]),
    ).toBe('sku,dims.w,dims.h,qty\r\nx,1,2,\r\ny,,,3\r\n');
  });
});

describe('options are checked when the converter or handler is built', () => {
  it.each([
    [{ columns: ['nope'] }, /columns: "nope" is not a column of the schema/],
    [{ delimiter: ':' }, /delimiter must be one of/],
    [{ eol: 'cr' }, /eol must be one of/],
    [{ header: 'yes' }, /header must be true or false/],
    [{ columns: [42] }, /columns has an entry/],
    [{ schema: {} }, /schema must be a zod 4 object schema/],
    [{ delimter: ';' }, /"delimter" is not an option/],
  ])('createConverter(%j) throws', (options, message) => {
    expect(() => createConverter({ schema: orderSchema, ...(options as object) })).toThrow(message);
  });

  it.each([
    [{ maxRows: 0 }, /maxRows must be a whole number/],
    [{ maxBodyBytes: '1mb' }, /maxBodyBytes must be a whole number/],
    [{ allowQueryOptions: ['delimiter', 'sep'] }, /allowQueryOptions must be/],
    [{ cors: { origins: 'x' } }, /cors must be/],
    [{ apiKeys: 'key' }, /apiKeys must be a list/],
    [{ healthPath: 'healthz' }, /healthPath must be a path/],
    [{ filename: '...' }, /filename must be/],
    [{ columns: ['customer'] }, /"customer" is not a column/],
  ])('createCsvHandler(%j) throws', (options, message) => {
    expect(() => createCsvHandler({ schema: orderSchema, ...(options as object) })).toThrow(message);
  });

  it('types columns and rows from the schema, with no `as const` for literal lists', () => {
    // @ts-expect-error: not a column of the schema
    expect(() => createConverter({ schema: orderSchema, columns: ['customer.nope'] })).toThrow();
    // @ts-expect-error: not a row of the schema
    expect(() => toCsv([{ nonsense: 1 }], { schema: orderSchema })).toThrow(CsvValidationError);
    const unset: string | undefined = undefined;
    expect(() =>
      createCsvHandler({
        schema: orderSchema,
        allowQueryOptions: ['filename', 'bom'],
        apiKeys: ['k', unset],
      }),
    ).not.toThrow();
  });
});

describe('messages', () => {
  it('says Required for a missing field whatever its type, and what a coerced date was given', () => {
    const issues = issuesOf(() =>
      toCsv([{ id: 1, customer: { name: 'A' }, placed: 'garbage', tags: [] }] as never, {
        schema: orderSchema,
      }),
    );
    expect(issues).toEqual([
      { pointer: '/0/placed', message: 'Expected date, received string' },
      { pointer: '/0/status', message: 'Required' },
    ]);
    const missing = issuesOf(() =>
      toCsv([{ ...order, placed: undefined }] as never, { schema: orderSchema }),
    );
    expect(missing).toEqual([{ pointer: '/0/placed', message: 'Required' }]);
  });
});

describe('metadata from the schema’s own zod', () => {
  it('reads titles of zod/mini schemas registered in their global registry', () => {
    const schema = zm.object({ id: zm.string().register(zm.globalRegistry, { title: 'Ident' }) });
    expect(createConverter({ schema }).columns).toEqual([{ key: 'id', label: 'Ident' }]);
  });

  it('reads titles through .meta() of a copy whose registry csvfn cannot see', () => {
    // A stand-in for another zod copy: its own registry, reached only through the schema's .meta().
    const own = new WeakMap<object, { title: string }>();
    const field = z.string();
    const foreign = Object.assign(Object.create(field), { meta: () => own.get(foreign) });
    own.set(foreign, { title: 'From their registry' });
    const schema = { _zod: { def: { type: 'object', shape: { id: foreign } } } };
    expect(createConverter({ schema: schema as never }).columns).toEqual([
      { key: 'id', label: 'From their registry' },
    ]);
  });
});

describe('numbers a double cannot hold exactly', () => {
  const inexact = fc.oneof(
    fc.bigInt({ min: 2n ** 53n + 1n, max: 10n ** 30n }).map((n) => n.toString()),
    fc.bigInt({ min: 2n ** 53n + 1n, max: 10n ** 30n }).map((n) => `-${n}`),
    // Ending in a nonzero digit: trailing zeros are notation, dropped as for every number (`1.50` → `1.5`).
    fc
      .tuple(fc.integer({ min: 0, max: 9 }), fc.stringMatching(/^[0-9]{16,29}[1-9]$/))
      .map(([whole, fraction]) => `${whole}.${fraction}`),
    fc.integer({ min: 7, max: 30 }).map((zeros) => `0.${'0'.repeat(zeros - 1)}1`),
    fc.integer({ min: 309, max: 5000 }).map((exponent) => `1e${exponent}`),
  );

  it('come back with exactly the digits sent: schema-less, with a schema, JSON and NDJSON', async () => {
    const app = createCsvHandler({ logger: false });
    const typed = createCsvHandler({ logger: false, schema: z.object({ n: z.number(), m: z.unknown() }) });
    await fc.assert(
      fc.asyncProperty(inexact, async (literal) => {
        if (String(Number(literal)) === literal) return; // a double holds this one: nothing to keep
        const expected = `n,m\r\n${literal},[${literal}]\r\n`;
        const json = `[{"n":${literal},"m":[${literal}]}]`;
        expect(toCsv(parseJson(json) as object[])).toBe(expected);
        for (const handler of [app, typed]) {
          for (const [type, body] of [
            ['application/json', json],
            ['application/x-ndjson', `${json.slice(1, -1)}\n`],
          ] as const) {
            const response = await handler(
              new Request('http://x/api', { method: 'POST', headers: { 'content-type': type }, body }),
            );
            const text = await response.text();
            expect(text.split('\r\n')[1]).toBe(`${literal},[${literal}]`);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('leave every other number as JSON.parse reads it', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = JSON.stringify([{ v: value }]);
        expect(parseJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('never add an exponent to a number sent without one: 10^30, 1e-7 (found by fast-check, seed 1993112377)', () => {
    const digits = `1${'0'.repeat(30)}`;
    expect(
      toCsv(
        parseJson(
          `[{"n":${digits}},{"n":1e21},{"n":-${digits}},{"n":0.0000001},{"n":0.000001},{"n":1e-7}]`,
        ) as object[],
      ),
    ).toBe(`n\r\n${digits}\r\n1e+21\r\n-${digits}\r\n0.0000001\r\n0.000001\r\n1e-7\r\n`);
  });

  it('never turns 12345678901234567890 into 12345678901234567000', async () => {
    const response = await createCsvHandler({ logger: false })(
      new Request('http://x/api', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '[{"id":12345678901234567890}]',
      }),
    );
    expect(await response.text()).toBe('id\r\n12345678901234567890\r\n');
    // An integer schema still refuses it: it is beyond what z.int() accepts.
    expect(
      issuesOf(() =>
        toCsv(parseJson('[{"id":12345678901234567890}]') as never, { schema: z.object({ id: z.int() }) }),
      )[0]!.message,
    ).toMatch(/beyond 2\^53/);
  });
});

describe('hosts', () => {
  const app = createCsvHandler({
    logger: false,
    healthPath: '/healthz',
    apiKeys: ['k'],
    rateLimit: () => ({ allowed: false, retryAfterSeconds: 9 }),
  });

  it('answers the health path with 200 and a tiny JSON body, with no key and never rate limited', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await app(new Request('http://x/healthz'));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    }
    const head = await app(new Request('http://x/healthz', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect((await app(new Request('http://x/healthz', { method: 'DELETE' }))).headers.get('allow')).toBe(
      'GET, HEAD',
    );
    // Off by default: any GET is a 405.
    expect((await createCsvHandler({ logger: false })(new Request('http://x/healthz'))).status).toBe(405);
  });

  it('lists every accepted type in Accept-Post', async () => {
    const response = await createCsvHandler({ logger: false })(
      new Request('http://x/api', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '[]' }),
    );
    expect(response.headers.get('accept-post')).toBe(
      'application/json, application/*+json, application/x-ndjson, application/jsonl',
    );
  });

  it('refuses a delimiter on a TSV request with a 400 naming the option', async () => {
    const response = await createCsvHandler({ logger: false })(
      new Request('http://x/api?delimiter=semicolon', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/tab-separated-values' },
        body: '[{"a":1}]',
      }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ option: 'delimiter' });
  });
});
