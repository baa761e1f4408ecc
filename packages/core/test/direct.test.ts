import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ByteWriter } from '../src/byteWriter.js';
import { type ConverterOptions, CsvConverter } from '../src/convert.js';
import { employeeSchema } from '../src/employee.js';
import { parseJson } from '../src/index.js';
import { DirectRows } from '../src/json/direct.js';

// The direct path (JSON bytes straight to CSV) must give exactly the general path's bytes
// (decode, parseJson, check, toCsvBytes) or step aside (undefined). These tests hold it to that
// on generated bodies, valid and broken, and check that it does serve the bodies it is for.

const utf8 = new TextEncoder();

/** The general path's answer, or 'error' where it refuses the body. */
function general(converter: CsvConverter, body: Uint8Array): Uint8Array | 'error' {
  try {
    const rows = parseJson(new TextDecoder('utf-8', { fatal: true }).decode(body));
    if (!Array.isArray(rows)) return 'error';
    return converter.toCsvBytes(rows);
  } catch {
    return 'error';
  }
}

/** Asserts the direct path agrees with the general one; whether it served the body. */
function agrees(options: ConverterOptions, body: Uint8Array): boolean {
  const converter = new CsvConverter(options);
  const direct = converter.directCsvBytes(body, Number.POSITIVE_INFINITY);
  if (!direct) return false;
  const expected = general(converter, body);
  expect(expected).not.toBe('error');
  expect(Buffer.from(direct.bytes).toString('latin1')).toBe(
    Buffer.from(expected as Uint8Array).toString('latin1'),
  );
  return true;
}

const mixedSchema = z.object({
  s: z.string(),
  n: z.number(),
  i: z.optional(z.int()),
  b: z.nullable(z.boolean()),
  o: z.optional(z.nullable(z.string())),
});

const option = fc.record(
  {
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    eol: fc.constantFrom('crlf', 'lf'),
    escapeFormulas: fc.boolean(),
    header: fc.boolean(),
    bom: fc.boolean(),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<ConverterOptions>;

// Every character that matters to a cell: separators, quotes, escapes, whitespace of every kind,
// formula signs (ASCII and fullwidth), digits, non-ASCII of each UTF-8 length, a lone surrogate.
const unit = fc.constantFrom(
  'a',
  'Z',
  ' ',
  '"',
  '\\',
  ',',
  ';',
  '|',
  '\t',
  '\n',
  '\r',
  '\0',
  '=',
  '+',
  '-',
  '@',
  '.',
  'e',
  '0',
  '1',
  '9',
  '\u00a0',
  '\u2003',
  '\u3000',
  '\ufeff',
  '\u2028',
  '\uff1d',
  '\uff20',
  'é',
  '©',
  '名',
  '€',
  '😀',
  '\ud800',
  '\x7f',
);
const text = fc.string({ unit, maxLength: 8 });
/** A JSON string literal, with some characters written as `\u` escapes. */
const stringLiteral = fc.tuple(text, fc.boolean()).map(([value, escapeAll]) => {
  const json = JSON.stringify(value);
  return escapeAll
    ? json.replace(/[a-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    : json;
});
const numberLiteral = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.constantFrom(
    '0',
    '-0',
    '1.0',
    '1.50',
    '1e5',
    '1E+2',
    '-2.5e-3',
    '12345678901234567890',
    '123456789012345',
    '1234567890123456',
    '1e400',
    '0.1000000000000000055511151231257827',
    '-9007199254740993',
  ),
);
const literal = fc.oneof(
  { weight: 5, arbitrary: stringLiteral },
  { weight: 4, arbitrary: numberLiteral },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null', '{}', '[]', '{"a":1}', '[1,"x"]') },
);
const space = fc.constantFrom('', '', '', ' ', '\n', '\r\n\t ');
const key = fc.constantFrom(
  'name',
  'age',
  'jobTitle',
  'badgeNumber',
  's',
  'n',
  'i',
  'b',
  'o',
  'x',
  'nam',
  'name\\u0020',
  '',
);
/** A row as JSON text: keys in any order, repeated or missing, values of any kind, any whitespace. */
const row = fc
  .array(fc.tuple(key, literal, space, space), { maxLength: 7 })
  .map((members) => `{${members.map(([k, v, a, b]) => `${a}"${k}"${b}:${a}${v}${b}`).join(',')}}`);
const body = fc
  .tuple(fc.array(fc.tuple(row, space), { maxLength: 6 }), space, fc.boolean())
  .map(
    ([rows, around, bom]) =>
      `${bom ? '\ufeff' : ''}${around}[${rows.map(([r, s]) => s + r).join(',')}]${around}`,
  );

/** A well-formed employee row, in the schema's key order or not. */
const employeeRow = fc
  .record({ name: text, age: fc.integer({ min: -1000, max: 1000 }), jobTitle: text, badgeNumber: fc.nat() })
  .chain((record) => fc.shuffledSubarray(Object.entries(record), { minLength: 4 }).map(Object.fromEntries));

/** The seed of the runs that count how often the direct path served (see {@link servedCount}). */
const COVERAGE_SEED = 20261202;

/**
 * Checks `check` (it asserts agreement, and says whether the direct path served) on `runs` cases
 * from the day's seed, then counts how many of `runs` cases from a fixed seed it served: a
 * coverage figure, which must not move with the seed of the day.
 */
function servedCount<T>(cases: fc.Arbitrary<T>, check: (input: T) => boolean, runs: number): number {
  fc.assert(
    fc.property(cases, (input) => {
      check(input);
    }),
    { numRuns: runs },
  );
  let served = 0;
  fc.assert(
    fc.property(cases, (input) => {
      if (check(input)) served++;
    }),
    { numRuns: runs, seed: COVERAGE_SEED },
  );
  return served;
}

describe('the direct path', () => {
  it('gives the general path’s bytes, or steps aside, for any body and options (schema, mixed, columns)', () => {
    const served = servedCount(
      fc.tuple(body, option, fc.constantFrom('employee', 'mixed', 'columns')),
      ([json, options, which]) => {
        const shape: ConverterOptions =
          which === 'employee'
            ? { schema: employeeSchema }
            : which === 'mixed'
              ? { schema: mixedSchema }
              : { columns: ['s', 'n', { key: 'x', label: '=x' }] };
        return agrees({ ...options, ...shape }, utf8.encode(json));
      },
      1500,
    );
    // Most random rows fail a schema, and the general path must answer those; many still pass.
    expect(served).toBeGreaterThan(300);
  });

  it('serves well-formed rows (any key order) and agrees with the general path on them', () => {
    const served = servedCount(
      fc.tuple(fc.array(employeeRow, { maxLength: 20 }), option),
      ([rows, options]) => agrees({ ...options, schema: employeeSchema }, utf8.encode(JSON.stringify(rows))),
      300,
    );
    // Only a lone surrogate (not UTF-8 at all once encoded) may send such a body elsewhere.
    expect(served).toBeGreaterThan(250);
  });

  it('steps aside on broken bytes: any byte changed, dropped or added', () => {
    const valid = utf8.encode(
      JSON.stringify([
        { name: 'Zoë, "Z"', age: 30, jobTitle: '名前 😀', badgeNumber: 1 },
        { name: '=1+1', age: -0, jobTitle: 'x', badgeNumber: 2 },
      ]),
    );
    fc.assert(
      fc.property(
        fc.nat(valid.length - 1),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom('set', 'drop', 'add'),
        (at, byte, how) => {
          const broken =
            how === 'set'
              ? valid.map((b, i) => (i === at ? byte : b))
              : how === 'drop'
                ? new Uint8Array([...valid.subarray(0, at), ...valid.subarray(at + 1)])
                : new Uint8Array([...valid.subarray(0, at), byte, ...valid.subarray(at)]);
          agrees({ schema: employeeSchema }, broken);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('checks UTF-8 as a fatal TextDecoder does: overlong, surrogate, past U+10FFFF and cut sequences step aside', () => {
    const converter = new CsvConverter({ columns: ['s'] });
    const wrap = (bytes: number[]) =>
      new Uint8Array([...utf8.encode('[{"s":"a'), ...bytes, ...utf8.encode('b"}]')]);
    for (const bad of [
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xe2, 0x82],
      [0x80],
      [0xff],
    ])
      expect(converter.directCsvBytes(wrap(bad), 10)).toBeUndefined();
    for (const good of ['é', '€', '𐍈', '\uffff', '\u{10ffff}'])
      expect(Buffer.from(converter.directCsvBytes(wrap([...utf8.encode(good)]), 10)!.bytes).toString()).toBe(
        `s\r\na${good}b\r\n`,
      );
  });

  it('writes a cell as is only when no whitespace ends it and no formula sign starts it: every such character begins with C2, E1, E2, E3 or EF', () => {
    const leads = new Set<number>();
    for (let point = 0x80; point <= 0x10ffff; point++) {
      if (point >= 0xd800 && point <= 0xdfff) continue;
      const char = String.fromCodePoint(point);
      if (/\s/.test(char) || '\uff1d\uff0b\uff0d\uff20'.includes(char)) {
        leads.add(utf8.encode(char)[0]!);
        // And the direct path writes them as the general path does, at either end.
        for (const value of [`${char}a`, `a${char}`, `${char}=1`, `${char}`])
          expect(agrees({ columns: ['s'] }, utf8.encode(JSON.stringify([{ s: value }])))).toBe(true);
      }
    }
    expect([...leads].sort()).toEqual([0xc2, 0xe1, 0xe2, 0xe3, 0xef]);
  });

  it('writes escaped strings as what they stand for: quotes doubled, surrogate pairs joined, a lone half as U+FFFD', () => {
    const converter = new CsvConverter({ columns: ['s'] });
    const body = String.raw`[{"s":"Say \"hi\"\n(twice)"},{"s":"caf\u00e9 \ud83d\ude00 x"},{"s":"lone \udc00 x"},{"s":"a\u002cb"},{"s":"C:\\temp\/x"},{"s":"\u0041 \u0022q\u0022"},{"s":"tab\tend\u00e9"}]`;
    const direct = converter.directCsvBytes(utf8.encode(body), 10);
    expect(direct?.rows).toBe(7);
    expect(new TextDecoder().decode(direct!.bytes)).toBe(
      's\r\n"Say ""hi""\n(twice)"\r\ncafé 😀 x\r\nlone \ufffd x\r\n"a,b"\r\nC:\\temp/x\r\n"A ""q"""\r\n"tab\tendé"\r\n',
    );
  });

  it("writes strings with whitespace at an edge, and formulas holding escapes, itself: quoted, a formula after a `'`", () => {
    // Each row's cell, as the contract's quoting and formula defence write it.
    const cases: Array<[json: string, formulas: string, plain: string]> = [
      ['" leading space"', '" leading space"', '" leading space"'],
      ['"trailing "', '"trailing "', '"trailing "'],
      ['"  =1+1"', `"'  =1+1"`, '"  =1+1"'],
      ['" -5"', `"' -5"`, '" -5"'],
      ['"\u3000\uff0bx"', `"'\u3000\uff0bx"`, '"\u3000\uff0bx"'],
      ['"\u00a0"', '"\u00a0"', '"\u00a0"'],
      [
        String.raw`"=HYPERLINK(\"http://x\",\"y\")"`,
        `"'=HYPERLINK(""http://x"",""y"")"`,
        '"=HYPERLINK(""http://x"",""y"")"',
      ],
      [String.raw`"@a\\b"`, `"'@a\\b"`, '@a\\b'],
      [String.raw`"tab\t"`, '"tab\t"', '"tab\t"'],
      [String.raw`"x\u0020"`, '"x "', '"x "'],
      [String.raw`"x\f"`, '"x\f"', '"x\f"'],
    ];
    const body = utf8.encode(`[${cases.map(([json]) => `{"s":${json}}`).join(',')}]`);
    for (const [escapeFormulas, column] of [
      [true, 1],
      [false, 2],
    ] as const) {
      const direct = new CsvConverter({ columns: ['s'], escapeFormulas }).directCsvBytes(body, 100);
      expect(direct?.rows).toBe(cases.length);
      expect(new TextDecoder().decode(direct!.bytes)).toBe(
        `s\r\n${cases.map((c) => `${c[column]}\r\n`).join('')}`,
      );
      // And the same when the cell is written at the row's end (its column comes before another's).
      const late = new CsvConverter({ columns: ['t', 's'], escapeFormulas }).directCsvBytes(body, 100);
      expect(new TextDecoder().decode(late!.bytes)).toBe(
        `t,s\r\n${cases.map((c) => `,${c[column]}\r\n`).join('')}`,
      );
    }
  });
  it('grows its buffer inside a string: long cells of escapes and every UTF-8 length, at any size', () => {
    const piece = 'ab"c\\\n\té名😀\ud800,';
    for (const size of [1, 1_000, 65_000, 70_000, 140_000]) {
      const long = piece.repeat(Math.ceil(size / piece.length)).slice(0, size);
      const rows = [
        { s: long },
        ...Array.from({ length: 70 }, (_, i) => ({ s: `${i}${long.slice(0, i * 40)}` })),
      ];
      expect(agrees({ columns: ['s'] }, utf8.encode(JSON.stringify(rows)))).toBe(true);
    }
  });

  it('NDJSON: a line gives the record the general path writes, 0 when blank, or steps aside writing nothing', () => {
    // Line ends the direct path takes, weighted so that about half the lines are its to serve,
    // and every ending it must refuse.
    const tail = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('', ' ', '\r', '\t \r') },
      { weight: 4, arbitrary: fc.constantFrom(' x', '{}', ',', ']', '"', '\u00a0') },
    );
    const served = servedCount(
      fc.tuple(row, tail, option, fc.boolean()),
      ([json, after, options, typed]) => {
        const converter = new CsvConverter({
          ...options,
          header: false,
          bom: false,
          ...(typed ? { schema: mixedSchema } : { columns: ['s', 'n', 'x'] }),
        });
        const line = json + after;
        const out = new ByteWriter(8);
        const read = new DirectRows(converter.directPlan()!, out).line(utf8.encode(line));
        let expected: string | 'error';
        try {
          const value = parseJson(line);
          if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError();
          expected = Buffer.from(converter.toCsvBytes([value])).toString('latin1');
        } catch {
          expected = 'error';
        }
        if (read !== 1) {
          expect(out.length).toBe(0);
          return false;
        }
        expect(Buffer.from(out.bytes()).toString('latin1')).toBe(expected);
        return true;
      },
      1500,
    );
    expect(served).toBeGreaterThan(200);
    const blank = new DirectRows(new CsvConverter({ columns: ['s'] }).directPlan()!, new ByteWriter(8));
    expect(blank.line(utf8.encode(' \t\r'))).toBe(0);
  });

  it('stops at maxRows, leaving the 413 to the general path, and counts the rows it wrote', () => {
    const converter = new CsvConverter({ schema: employeeSchema });
    const json = utf8.encode(
      JSON.stringify(
        Array.from({ length: 3 }, (_, i) => ({ name: 'a', age: i, jobTitle: 'b', badgeNumber: i })),
      ),
    );
    expect(converter.directCsvBytes(json, 2)).toBeUndefined();
    expect(converter.directCsvBytes(json, 3)?.rows).toBe(3);
  });

  it('leaves schemas it cannot check to the general path: refinements, nested objects, inherited keys', () => {
    const body = utf8.encode('[{"a":"x","constructor":"y"}]');
    for (const schema of [
      z.object({ a: z.string().check(z.minLength(2)) }),
      z.object({ a: z.object({ b: z.string() }) }),
      z.object({ a: z.string(), constructor: z.optional(z.string()) }),
    ])
      expect(new CsvConverter({ schema }).directCsvBytes(body, 10)).toBeUndefined();
    expect(new CsvConverter({}).directCsvBytes(body, 10)).toBeUndefined(); // schema-less: rows give the columns
  });
});
