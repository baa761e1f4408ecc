import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  type ConverterOptions,
  CsvValidationError,
  createConverter,
  createCsvHandler,
  openApiDocument,
  toCsv,
} from '../src/index.js';

const orders = [
  {
    id: 1,
    items: [
      { sku: 'A', qty: 2 },
      { sku: 'B', qty: 1 },
    ],
  },
  { id: 2, items: [] },
];
const orderSchema = z.object({
  id: z.int(),
  customer: z.object({ name: z.string() }).optional(),
  items: z.array(z.object({ sku: z.string(), qty: z.int() })),
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('unwind', () => {
  it("gives the issue's bytes, schema-less (the default)", () => {
    expect(toCsv(orders, { unwind: ['items'] })).toBe('id,items.sku,items.qty\r\n1,A,2\r\n1,B,1\r\n2,,\r\n');
  });

  it('gives one record per element under a schema, labelled from it, with the parent repeated', () => {
    expect(toCsv(orders, { schema: orderSchema, unwind: ['items'] })).toBe(
      'Id,Customer Name,Items Sku,Items Qty\r\n1,,A,2\r\n1,,B,1\r\n2,,,\r\n',
    );
    const withCustomer = [{ id: 3, customer: { name: 'Ann' }, items: [{ sku: 'C', qty: 5 }] }];
    expect(
      toCsv(withCustomer, {
        schema: orderSchema,
        unwind: ['items'],
        columns: ['items.sku', 'customer.name'],
      }),
    ).toBe('Items Sku,Customer Name\r\nC,Ann\r\n');
  });

  it('reports a bad element by its pointer into the rows as sent', () => {
    try {
      toCsv(JSON.parse('[{"id":1,"items":[{"sku":"A","qty":1},{"sku":"B","qty":"x"}]}]'), {
        schema: orderSchema,
        unwind: ['items'],
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CsvValidationError);
      expect((error as CsvValidationError).issues.map((issue) => issue.pointer)).toEqual(['/0/items/1/qty']);
    }
  });

  it('follows json2csv: null, a missing field and a non-array leave the row as it is', () => {
    const rows = [
      { id: 1, items: null },
      { id: 2 },
      { id: 3, items: { sku: 'X' } },
      { id: 4, items: 'none' },
    ];
    expect(toCsv(rows, { unwind: ['items'] })).toBe(
      'id,items,items.sku\r\n1,,\r\n2,,\r\n3,,X\r\n4,none,\r\n',
    );
  });

  it('unwinds nested paths in turn, and an array of scalars to its own column', () => {
    const rows = [
      {
        id: 1,
        items: [
          { sku: 'A', tags: ['x', 'y'] },
          { sku: 'B', tags: [] },
        ],
      },
    ];
    expect(toCsv(rows, { unwind: ['items', 'items.tags'] })).toBe(
      'id,items.sku,items.tags\r\n1,A,x\r\n1,A,y\r\n1,B,\r\n',
    );
    const tagged = z.object({ id: z.int(), tags: z.array(z.string()).nullable() });
    expect(
      toCsv(
        [
          { id: 1, tags: ['a', 'b'] },
          { id: 2, tags: null },
        ],
        { schema: tagged, unwind: ['tags'] },
      ),
    ).toBe('Id,Tags\r\n1,a\r\n1,b\r\n2,\r\n');
  });

  it('unwinds a field inside a nested object, and keeps a key named __proto__ a key', () => {
    const rows = JSON.parse('[{"order":{"lines":[{"n":1},{"n":2}]},"__proto__":"p"}]');
    expect(toCsv(rows, { unwind: ['order.lines'] })).toBe('order.lines.n,__proto__\r\n1,p\r\n2,p\r\n');
  });

  it('streams unwound records; the first row sets the columns schema-less', async () => {
    const converter = createConverter({ unwind: ['items'] });
    expect(await readAll(converter.stream(orders))).toBe(
      'id,items.sku,items.qty\r\n1,A,2\r\n1,B,1\r\n2,,\r\n',
    );
    expect(await converter.columnsOf(orders)).toEqual([
      { key: 'id', label: 'id' },
      { key: 'items.sku', label: 'items.sku' },
      { key: 'items.qty', label: 'items.qty' },
    ]);
  });

  it('refuses an unwind key that is not an array field of the schema, or not a key', () => {
    expect(() => createConverter({ schema: orderSchema, unwind: ['id' as 'items'] })).toThrow(
      'unwind: "id" is not an array field of the schema',
    );
    expect(() => createConverter({ unwind: ['items.'] })).toThrow('createConverter: unwind must be a list');
  });

  it('types unwind keys and the unwound columns from the schema', () => {
    type Options = ConverterOptions<typeof orderSchema>;
    expectTypeOf<'items'>().toExtend<NonNullable<Options['unwind']>[number]>();
    expectTypeOf<'id'>().not.toExtend<NonNullable<Options['unwind']>[number]>();
    expectTypeOf<'items.sku'>().toExtend<NonNullable<Options['columns']>[number]>();
    // @ts-expect-error: not an array field
    expect(() => createConverter({ schema: orderSchema, unwind: ['customer'] })).toThrow(TypeError);
  });
});

describe('schema-less columns are the union of the rows', () => {
  it('toCsv and columnsOf agree on rows with different keys', async () => {
    const rows = [{ a: 1 }, { a: 2, b: 3 }];
    expect(toCsv(rows)).toBe('a,b\r\n1,\r\n2,3\r\n');
    const converter = createConverter();
    expect(await readAll(converter.stream(rows, await converter.columnsOf(rows)))).toBe(
      'a,b\r\n1,\r\n2,3\r\n',
    );
  });
});

describe('unwind in createCsvHandler', () => {
  const body = JSON.stringify(orders);
  const ndjson = `${orders.map((row) => JSON.stringify(row)).join('\n')}\n`;
  const post = (app: (request: Request) => Promise<Response>, text: string, type = 'application/json') =>
    app(new Request('http://x/api', { method: 'POST', headers: { 'Content-Type': type }, body: text }));

  it('answers the unwound records for a JSON array and for NDJSON', async () => {
    const app = createCsvHandler({ unwind: ['items'], logger: false });
    for (const [text, type] of [
      [body, 'application/json'],
      [ndjson, 'application/x-ndjson'],
    ] as const) {
      const response = await post(app, text, type);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('id,items.sku,items.qty\r\n1,A,2\r\n1,B,1\r\n2,,\r\n');
    }
  });

  it('counts the records written against maxRows (413), in both body forms', async () => {
    const app = createCsvHandler({ schema: orderSchema, unwind: ['items'], maxRows: 2, logger: false });
    for (const [text, type] of [
      [body, 'application/json'],
      [ndjson, 'application/x-ndjson'],
    ] as const) {
      const response = await post(app, text, type);
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ type: 'urn:csvfn:problem:too-many-rows', maxRows: 2 });
    }
    const three = createCsvHandler({ schema: orderSchema, unwind: ['items'], maxRows: 3, logger: false });
    expect((await post(three, body)).status).toBe(200);
  });

  it('states the unwound columns in the OpenAPI document', () => {
    const doc = openApiDocument({ schema: orderSchema, unwind: ['items'] }) as unknown as {
      paths: Record<string, { post: { responses: Record<string, { description: string }> } }>;
    };
    expect(doc.paths['/api']!.post.responses['200']!.description).toContain(
      'columns `Id`, `Customer Name`, `Items Sku`, `Items Qty`',
    );
  });
});
