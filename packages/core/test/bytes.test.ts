import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvConverter } from '../src/convert.js';
import { employeeSchema } from '../src/employee.js';
import { type ConverterOptions, CsvValidationError, createConverter } from '../src/index.js';

// ignoreBOM: keep the byte-order mark the `bom` option writes.
const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
const text = fc.string({
  unit: fc.constantFrom('a', 'é', '名', '😀', '"', ',', '\n', '=', ' '),
  maxLength: 30,
});
const employee = fc.record({
  name: text,
  age: fc.integer({ min: 0, max: 120 }),
  jobTitle: text,
  badgeNumber: fc.integer({ min: 0, max: 99_999 }),
});

describe('toCsvBytes', () => {
  it('is toCsv encoded as UTF-8, for any rows and options, across piece boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(employee, { maxLength: 3000 }),
        fc.record({
          delimiter: fc.constantFrom<ConverterOptions['delimiter']>(',', ';', '\t', '|'),
          bom: fc.boolean(),
          header: fc.boolean(),
          schema: fc.constantFrom<false | undefined>(false, undefined),
        }),
        (rows, options) => {
          const converter = new CsvConverter(options);
          expect(decode(converter.toCsvBytes(rows))).toBe(converter.toCsv(rows));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('writes every value as toCsv does, encoded as TextEncoder would (a lone surrogate as U+FFFD)', () => {
    // Every character a cell treats apart: quotes, separators, whitespace of every kind at either
    // end, formula signs (ASCII and fullwidth), each UTF-8 length, surrogate halves alone.
    const unit = fc.constantFrom(
      ...['a', '1', '-', '+', '=', '@', '.', 'e', ' ', '"', ',', ';', '|', '\t', '\n', '\r', '\0', '\x7f'],
      ...['\u00a0', '\u0085', '\u1680', '\u2003', '\u2028', '\u202f', '\u3000', '\ufeff'],
      ...['\uff1d', '\uff0b', '\uff0d', '\uff20', '\uff23', 'é', 'Ἀ', '名', '😀', '\ud83d', '\ude00'],
    );
    const value = fc.oneof(
      fc.string({ unit, maxLength: 8 }),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      fc.double(),
      fc.constantFrom(-0, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e21, 1e-7, true, false, null, undefined),
      fc.array(fc.integer(), { maxLength: 2 }),
      fc.record({ x: fc.string({ unit, maxLength: 3 }) }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.dictionary(fc.constantFrom('a', 'b', 'c'), value), { maxLength: 20 }),
        fc.record({
          delimiter: fc.constantFrom<ConverterOptions['delimiter']>(',', ';', '\t', '|'),
          escapeFormulas: fc.boolean(),
          eol: fc.constantFrom<ConverterOptions['eol']>('crlf', 'lf'),
          columns: fc.constantFrom<ConverterOptions['columns']>(undefined, ['a'], ['c', 'a', 'b']),
        }),
        (rows, options) => {
          const converter = new CsvConverter(options);
          expect([...converter.toCsvBytes(rows)]).toEqual([
            ...new TextEncoder().encode(converter.toCsv(rows)),
          ]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('grows past its first buffer with text of every UTF-8 length', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => ({
      name: `😀 名 é ${i}`,
      age: i,
      jobTitle: 'x'.repeat(i % 50),
      badgeNumber: i,
    }));
    const converter = new CsvConverter({});
    const bytes = converter.toCsvBytes(rows);
    expect(bytes.byteLength).toBeGreaterThan(65_536 * 4);
    expect(decode(bytes)).toBe(converter.toCsv(rows));
  });

  it('reads each row by its columns, whatever order its own keys come in', () => {
    const rows = [
      { a: 1, b: 2 },
      { b: 3, a: 4 },
      { a: 5, x: 9, b: 6 },
      { b: 7 },
      // An integer-like key is enumerated first, whatever order it was written in.
      { a: 8, 1: 'n', b: 9 },
      { a: 10, b: 11, c: 12 },
    ];
    const expected = 'a,b\r\n1,2\r\n4,3\r\n5,6\r\n,7\r\n8,9\r\n10,11\r\n';
    expect(decode(createConverter({ columns: ['a', 'b'] }).toCsvBytes(rows))).toBe(expected);
    // Schema-less, the columns are the union of the keys, first seen first.
    expect(decode(createConverter().toCsvBytes(rows))).toBe(
      'a,b,x,1,c\r\n1,2,,,\r\n4,3,,,\r\n5,6,9,,\r\n,7,,,\r\n8,9,,n,\r\n10,11,,,12\r\n',
    );
  });

  it('is on the public converter', () => {
    const rows = [{ name: 'Zoë', age: 1, jobTitle: '=x', badgeNumber: 2 }];
    const converter = createConverter({ schema: employeeSchema });
    expect(decode(converter.toCsvBytes(rows))).toBe(converter.toCsv(rows));
  });

  it('throws the same CsvValidationError as toCsv', () => {
    const rows = [{ name: 'a', age: 1, jobTitle: 'b', badgeNumber: 2 }, { name: 1 }, 'x'];
    const converter = new CsvConverter({});
    const caught = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error;
      }
    };
    const fromBytes = caught(() => converter.toCsvBytes(rows));
    expect(fromBytes).toBeInstanceOf(CsvValidationError);
    expect(fromBytes).toEqual(caught(() => converter.toCsv(rows)));
  });
});
