import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConverter, type Delimiter, type Eol, isFormulaLike } from '../src/index.js';

/**
 * csv-stringify is the oracle: configured to the contract's rules, it must write the very same
 * bytes as csvfn's own serializer for any rows. Its formula rule is written here independently,
 * from the contract's words, not shared with the code under test.
 */
const FORMULA_FIRST = new Set(['=', '+', '-', '@', '\t', '\r', '\n', '\0', '＝', '＋', '－', '＠']);
const SPACED_FORMULA = new Set(['=', '+', '-', '@', '＝', '＋', '－', '＠']);
function oracleIsFormula(value: string): boolean {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) return false;
  if (FORMULA_FIRST.has(value.charAt(0))) return true;
  const trimmed = value.trimStart();
  return trimmed.length < value.length && SPACED_FORMULA.has(trimmed.charAt(0));
}

function oracle(
  rows: Record<string, unknown>[],
  keys: string[],
  options: { delimiter: Delimiter; eol: Eol; escapeFormulas: boolean },
) {
  const alwaysQuote = options.delimiter === '|' ? /[,;\t\r\n"|]/ : /[,;\t\r\n"]/;
  const labels = Object.fromEntries(keys.map((key) => [key, key]));
  return stringify([labels, ...rows], {
    columns: keys,
    header: false,
    delimiter: options.delimiter,
    record_delimiter: options.eol === 'crlf' ? '\r\n' : '\n',
    quoted_match: [alwaysQuote, /^\s/, /\s$/],
    cast: {
      boolean: (value) => (value ? 'true' : 'false'),
      date: (value) => value.toISOString(),
      object: (value) => JSON.stringify(value),
      number: (value) => String(value),
      string: (value) =>
        options.escapeFormulas && oracleIsFormula(value) ? { value: `'${value}`, quoted: true } : value,
    },
  });
}

const nastyChar = fc.constantFrom(
  'a',
  'Z',
  ' ',
  '"',
  ',',
  ';',
  '\t',
  '\r',
  '\n',
  '|',
  '=',
  '+',
  '-',
  '@',
  '＝',
  '＋',
  '－',
  '＠',
  '\0',
  '1',
  '.',
  'e',
  "'",
  '\u3000',
  '\u00a0',
  'é',
  '😀',
);
const nastyString = fc.oneof(
  fc.string({ unit: nastyChar, maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('-5', '+3.2', '1e5', ' -5', '=1', ''),
);
const cellValue = fc.oneof(
  { weight: 5, arbitrary: nastyString },
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
);
const keys = ['first', 'second', 'third'];
const rows = fc.array(fc.record({ first: cellValue, second: cellValue, third: cellValue }), { maxLength: 8 });
const options = fc.record({
  delimiter: fc.constantFrom<Delimiter>(',', ';', '\t', '|'),
  eol: fc.constantFrom<Eol>('crlf', 'lf'),
  escapeFormulas: fc.boolean(),
});

describe('serializer', () => {
  it('writes the same bytes as csv-stringify configured to the contract, for any rows', () => {
    fc.assert(
      fc.property(rows, options, (data, opts) => {
        const ours = createConverter({ schema: false, columns: keys, ...opts }).toCsv(data);
        expect(ours).toBe(oracle(data, keys, opts));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips any strings through csv-parse, formula prefix aside', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ first: nastyString, second: nastyString }), { minLength: 1, maxLength: 8 }),
        options,
        (data, opts) => {
          const csv = createConverter({ schema: false, columns: ['first', 'second'], ...opts }).toCsv(data);
          const back = parse(csv, {
            columns: true,
            delimiter: opts.delimiter,
            record_delimiter: opts.eol === 'crlf' ? '\r\n' : '\n',
            relax_quotes: false,
          });
          const expected = data.map((row) =>
            Object.fromEntries(
              Object.entries(row).map(([key, value]) => [
                key,
                opts.escapeFormulas && isFormulaLike(value) ? `'${value}` : value,
              ]),
            ),
          );
          expect(back).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps a one-column row whose cell is empty as "" rather than a blank line', () => {
    const csv = createConverter({ schema: false, columns: ['a'] }).toCsv([
      { a: '' },
      { a: null },
      { a: 'x' },
    ]);
    expect(csv).toBe('a\r\n""\r\n""\r\nx\r\n');
    expect(parse(csv, { columns: true })).toEqual([{ a: '' }, { a: '' }, { a: 'x' }]);
  });
});

describe('isFormulaLike', () => {
  it.each([
    ['=1+1', true],
    ['+1+1', true],
    ['-1+1', true],
    ['@SUM(A1)', true],
    ['\tx', true],
    ['\rx', true],
    ['\nx', true],
    ['\0x', true],
    ['＝1', true],
    ['＋1', true],
    ['－1', true],
    ['＠1', true],
    ['  =1', true],
    ['\u00a0@x', true],
    [' ＝1', true],
    ['-5', false],
    ['+3.2', false],
    ['1e5', false],
    ['-1.5e-7', false],
    ['-.5', false],
    ['+', true],
    ['-', true],
    ['- 5', true],
    ['a=1', false],
    ['', false],
    [' x', false],
  ])('%j -> %s', (value, expected) => {
    expect(isFormulaLike(value)).toBe(expected);
  });

  it('is linear on long inputs (no catastrophic backtracking)', () => {
    const long = `-${'1'.repeat(200_000)}x`;
    expect(isFormulaLike(long)).toBe(true);
    expect(isFormulaLike(`${' '.repeat(200_000)}x`)).toBe(false);
  });
});
