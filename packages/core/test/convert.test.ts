import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as zc from 'zod';
import * as z from 'zod/mini';
import { CsvConverter, TooManyRecords } from '../src/convert.js';
import { employeeSchema } from '../src/employee.js';
import { CsvValidationError, createConverter, toCsv } from '../src/index.js';
import { columnsFromSchema, humanizeKey } from '../src/schema.js';

const seed = [
  { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 },
  { name: 'Jane Doe', age: 32, jobTitle: 'Software Developer', badgeNumber: 58191 },
];

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('columns', () => {
  it('follow the schema key order, labelled by humanised keys', () => {
    expect(columnsFromSchema(employeeSchema)).toEqual([
      { key: 'name', label: 'Name' },
      { key: 'age', label: 'Age' },
      { key: 'jobTitle', label: 'Job Title' },
      { key: 'badgeNumber', label: 'Badge Number' },
    ]);
  });

  it('take .meta({ title }) from classic zod and zod/mini alike', () => {
    const classic = zc.object({ id: zc.number().meta({ title: 'Identifier' }), createdAt: zc.string() });
    const mini = z.object({
      id: z.number().register(z.globalRegistry, { title: 'Identifier' }),
      createdAt: z.string(),
    });
    for (const schema of [classic, mini]) {
      expect(columnsFromSchema(schema).map((column) => column.label)).toEqual(['Identifier', 'Created At']);
    }
  });

  it('find a title inside optional, nullable and default wrappers', () => {
    const schema = zc.object({
      a: zc.string().meta({ title: 'Alpha' }).optional(),
      b: zc.number().meta({ title: 'Beta' }).nullable().default(null),
      c: zc.string().optional().meta({ title: 'Outer' }),
    });
    expect(columnsFromSchema(schema).map((column) => column.label)).toEqual(['Alpha', 'Beta', 'Outer']);
  });

  it.each([
    ['jobTitle', 'Job Title'],
    ['badgeNumber', 'Badge Number'],
    ['HTTPStatus', 'HTTP Status'],
    ['user_id', 'User Id'],
    ['kebab-case', 'Kebab Case'],
    ['x', 'X'],
  ])('humanizeKey(%s) = %s', (key, label) => expect(humanizeKey(key)).toBe(label));

  it('can be chosen, reordered and relabelled', () => {
    const csv = toCsv(seed, {
      schema: employeeSchema,
      columns: ['badgeNumber', { key: 'name', label: 'Full name' }],
    });
    expect(csv).toBe('Badge Number,Full name\r\n58195,John Doe\r\n58191,Jane Doe\r\n');
  });

  it('refuses a column the schema does not have', () => {
    expect(() => createConverter({ schema: employeeSchema, columns: ['salary' as never] })).toThrow(
      /createConverter: columns: "salary" is not a column of the schema/,
    );
  });
});

describe('toCsv', () => {
  it("converts the seed's rows as the contract shows", () => {
    expect(toCsv(seed, { schema: employeeSchema })).toBe(
      'Name,Age,Job Title,Badge Number\r\nJohn Doe,45,Software Developer,58195\r\nJane Doe,32,Software Developer,58191\r\n',
    );
  });

  it('honours header, bom, eol and delimiter', () => {
    expect(
      toCsv(seed.slice(0, 1), {
        schema: employeeSchema,
        header: false,
        bom: true,
        eol: 'lf',
        delimiter: ';',
      }),
    ).toBe('\uFEFFJohn Doe;45;Software Developer;58195\n');
  });

  it('throws CsvValidationError with pointers and counts for rows that fail the schema', () => {
    const rows = [seed[0], { ...seed[1], age: '32' }, { name: 'X' }];
    const error = (() => {
      try {
        toCsv(rows as never[], { schema: employeeSchema });
      } catch (caught) {
        return caught;
      }
    })() as CsvValidationError;
    expect(error).toBeInstanceOf(CsvValidationError);
    expect(error.message).toBe('2 of 3 rows are invalid');
    expect(error.invalidRows).toBe(2);
    expect(error.issueCount).toBe(4);
    expect(error.issues[0]).toEqual({ pointer: '/1/age', message: 'Expected number, received string' });
    expect(error.issues.slice(1).map((issue) => issue.pointer)).toEqual([
      '/2/age',
      '/2/jobTitle',
      '/2/badgeNumber',
    ]);
  });

  it('escapes pointer segments as RFC 6901 says', () => {
    const schema = z.object({ 'a/b~c': z.string() });
    expect(() => toCsv([{ 'a/b~c': 1 } as never], { schema })).toThrow(CsvValidationError);
    try {
      toCsv([{ 'a/b~c': 1 } as never], { schema });
    } catch (error) {
      expect((error as CsvValidationError).issues[0]!.pointer).toBe('/0/a~1b~0c');
    }
  });

  it('uses the schema output: defaults, transforms and dates', () => {
    const schema = zc.object({
      when: zc.coerce.date(),
      tier: zc.string().default('free'),
      n: zc.number().transform((v) => v * 2),
    });
    expect(toCsv([{ when: '2024-01-02T03:04:05+01:00', n: 2 }], { schema })).toBe(
      'When,Tier,N\r\n2024-01-02T02:04:05.000Z,free,4\r\n',
    );
  });

  it('reports zod/mini checks in words, and a schema message wins', () => {
    const schema = z.object({
      code: z.string().check(z.minLength(3)),
      email: z.string().check(z.email({ error: 'Give an email address' })),
    });
    try {
      toCsv([{ code: 'ab', email: 'nope' }], { schema });
      expect.unreachable();
    } catch (error) {
      expect((error as CsvValidationError).issues.map((issue) => issue.message)).toEqual([
        'Too small: expected string to have >=3 characters',
        'Give an email address',
      ]);
    }
  });

  it('reports at most 100 issues but counts them all', () => {
    try {
      toCsv(
        Array.from({ length: 60 }, () => ({}) as never),
        { schema: employeeSchema },
      );
      expect.unreachable();
    } catch (error) {
      const e = error as CsvValidationError;
      expect(e.issues).toHaveLength(100);
      expect(e.issueCount).toBe(240);
      expect(e.invalidRows).toBe(60);
    }
  });
});

describe('the inline check agrees with zod', () => {
  const schema = z.object({
    s: z.string(),
    n: z.number(),
    i: z.int(),
    b: z.boolean(),
    o: z.optional(z.string()),
    u: z.nullable(z.int()),
    ou: z.optional(z.nullable(z.boolean())),
  });
  const anyValue = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(2 ** 53),
    fc.constant(-(2 ** 53)),
  );
  it('accepts exactly what zod accepts', () => {
    fc.assert(
      fc.property(
        fc.record(
          { s: anyValue, n: anyValue, i: anyValue, b: anyValue, o: anyValue, u: anyValue, ou: anyValue },
          { requiredKeys: [] },
        ),
        (row) => {
          const zodSays = z.safeParse(schema, row).success;
          let oursSays = true;
          try {
            toCsv([row as never], { schema });
          } catch (error) {
            if (!(error instanceof CsvValidationError)) throw error;
            oursSays = false;
          }
          expect(oursSays).toBe(zodSays);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('schema-less mode', () => {
  it('takes the union of keys in first-seen order and flattens nested objects', () => {
    const csv = toCsv([{ b: 1, a: { x: 1, y: { z: 2 } } }, { c: [1, { d: 2 }], b: 'two' }, { e: {} }], {
      schema: false,
    });
    expect(csv).toBe('b,a.x,a.y.z,c,e\r\n1,1,2,,\r\ntwo,,,"[1,{""d"":2}]",\r\n,,,,{}\r\n');
  });

  // Rows that all repeat the first row's keys, in order, with nothing to flatten are written in one
  // pass (as bytes). Any other row (each test below has one) sends the conversion back to two: one
  // pass checks the rows, flattens the nested ones and gathers the union of their keys, a second
  // writes them.
  it('a later row with a key the first lacks: the union, first seen first, as text and as bytes', () => {
    const rows = [{ a: 1, b: 2 }, { b: 3, a: 4 }, { a: 5 }, { a: 6, c: 7 }];
    const expected = 'a,b,c\r\n1,2,\r\n4,3,\r\n5,,\r\n6,,7\r\n';
    expect(toCsv(rows, { schema: false })).toBe(expected);
    expect(new TextDecoder().decode(createConverter().toCsvBytes(rows))).toBe(expected);
  });

  it("rows with the first row's keys in another order, or fewer of them, keep its columns", () => {
    const rows = [{ a: 'x', b: 'y', c: 'z' }, { c: 3, a: 1 }, {}, { b: 2 }];
    const expected = 'a,b,c\r\nx,y,z\r\n1,,3\r\n,,\r\n,2,\r\n';
    expect(toCsv(rows)).toBe(expected);
    expect(new TextDecoder().decode(createConverter().toCsvBytes(rows))).toBe(expected);
  });

  it('nested rows: their dotted keys join the union where first seen', () => {
    expect(toCsv([{ n: { x: 1 } }, { n: { x: 2 } }])).toBe('n.x\r\n1\r\n2\r\n');
    expect(
      toCsv([
        { a: 1, n: { x: 1 } },
        { a: 2, n: { x: 2, y: 3 } },
      ]),
    ).toBe('a,n.x,n.y\r\n1,1,\r\n2,2,3\r\n');
    expect(toCsv([{ n: 1 }, { n: { x: 2 } }])).toBe('n,n.x\r\n1,\r\n,2\r\n');
    expect(new TextDecoder().decode(createConverter().toCsvBytes([{ n: 1 }, { n: { x: 2 } }]))).toBe(
      'n,n.x\r\n1,\r\n,2\r\n',
    );
  });

  it('reports every row that is not an object, whichever keys the others have', () => {
    const rows = [{ a: 1 }, 5, { b: 2 }, null] as unknown as object[];
    for (const convert of [() => toCsv(rows), () => createConverter().toCsvBytes(rows)])
      expect(convert).toThrow(
        expect.objectContaining({
          issues: [
            { pointer: '/1', message: 'Expected object, received number' },
            { pointer: '/3', message: 'Expected object, received null' },
          ],
        }),
      );
    expect(() => toCsv([5, { a: 1 }] as unknown as object[])).toThrow(
      expect.objectContaining({ issues: [{ pointer: '/0', message: 'Expected object, received number' }] }),
    );
  });

  it('more rows than the limit: TooManyRecords, before any row is written', () => {
    const converter = new CsvConverter({});
    expect(() => converter.toCsvBytes([{ a: 1 }, { a: 2 }, { a: 3 }], 2)).toThrow(TooManyRecords);
    expect(new TextDecoder().decode(converter.toCsvBytes([{ a: 1 }, { a: 2 }], 2))).toBe('a\r\n1\r\n2\r\n');
  });

  it('no rows: the header record of no columns, an empty line', () => {
    expect(toCsv([])).toBe('\r\n');
    expect(new TextDecoder().decode(createConverter().toCsvBytes([]))).toBe('\r\n');
  });

  it('writes a value nested deeper than 32 levels as JSON instead of recursing further', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 40; i++) deep = { n: deep };
    const [header, row] = toCsv([deep], { schema: false }).split('\r\n');
    expect(header!.split('.')).toHaveLength(33);
    expect(row).toMatch(/^"\{""n"":/);
  });
});

describe('stream', () => {
  it('writes the header then each row, from sync and async iterables', async () => {
    async function* rows() {
      yield* seed;
    }
    const expected = toCsv(seed, { schema: employeeSchema });
    expect(await readAll(createConverter({ schema: employeeSchema }).stream(seed))).toBe(expected);
    expect(await readAll(createConverter({ schema: employeeSchema }).stream(rows()))).toBe(expected);
  });

  it('writes the header for no rows', async () => {
    expect(await readAll(createConverter({ schema: employeeSchema }).stream([]))).toBe(
      'Name,Age,Job Title,Badge Number\r\n',
    );
  });

  it('errors the stream at the first bad row, after the rows before it', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => ({ ...seed[0]!, badgeNumber: i }));
    rows.push({ ...seed[0]!, age: 'x' as unknown as number });
    const reader = createConverter({ schema: employeeSchema }).stream(rows).getReader();
    let text = '';
    const decoder = new TextDecoder();
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          text += decoder.decode(value);
        }
      })(),
    ).rejects.toBeInstanceOf(CsvValidationError);
    expect(text.split('\r\n').length).toBeGreaterThan(1000);
  });

  it('schema-less: columns come from the first row; a new key later errors the stream', async () => {
    expect(await readAll(createConverter({ schema: false }).stream([{ a: 1 }, { a: 2 }]))).toBe(
      'a\r\n1\r\n2\r\n',
    );
    await expect(
      readAll(createConverter({ schema: false }).stream([{ a: 1 }, { b: 2 }])),
    ).rejects.toMatchObject({
      issues: [
        {
          pointer: '/1/b',
          message: '"b" is not a column: the first row set the columns of this stream, and it had no "b"',
        },
      ],
    });
  });
});
