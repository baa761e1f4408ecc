import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvConverter } from '../src/convert.js';
import { employeeSchema } from '../src/employee.js';
import { directCsv } from '../src/json/direct.js';
import { ExactNumber, jsonNumber, parseJson } from '../src/json/exactNumber.js';
import { FAIL, JsonScanner } from '../src/json/scanner.js';
import { locateInBytes } from '../src/json/syntaxError.js';

// The one JSON tokenizer, held to JSON.parse: it accepts exactly what JSON.parse accepts (from the
// same bytes through a fatal UTF-8 decoder), gives the same values and numbers, and on any bytes
// answers with a syntax error, never an exception.

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** What JSON.parse makes of `bytes`: whether it is one JSON text of valid UTF-8. */
function parses(bytes: Uint8Array): boolean {
  try {
    JSON.parse(strictDecoder.decode(bytes));
    return true;
  } catch {
    return false;
  }
}

/** Text made of JSON's own characters (and a few that are not), so many are nearly JSON. */
const jsonish = fc.string({
  unit: fc.constantFrom(
    ...'[]{}":,0123456789-+.eE tfrueanlsx\n\t\\/u\u0001é😀'.split(''),
    'true',
    'false',
    'null',
    '"a"',
    '\\u00e9',
    '\\ud83d',
  ),
  maxLength: 40,
});

/** Valid JSON texts, some with a byte changed, dropped or added. */
const mutated = fc
  .tuple(fc.jsonValue(), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'drop', 'add'))
  .map(([value, at, byte, how]) => {
    const bytes = encoder.encode(JSON.stringify(value));
    const i = bytes.length === 0 ? 0 : at % bytes.length;
    if (how === 'set') bytes[i] = byte;
    if (how === 'drop') return Uint8Array.of(...bytes.subarray(0, i), ...bytes.subarray(i + 1));
    if (how === 'add') return Uint8Array.of(...bytes.subarray(0, i), byte, ...bytes.subarray(i));
    return bytes;
  });

describe('the JSON tokenizer against JSON.parse', () => {
  it('accepts any JSON value, in any layout, and gives JSON.parse’s values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, '\t', ' \r\n'), (value, space) => {
        const text = JSON.stringify(value, null, space as never);
        expect(locateInBytes(encoder.encode(text))).toBeUndefined();
        // JSON.stringify prints every number so it reads back the same: nothing is kept as digits.
        expect(parseJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('accepts exactly what JSON.parse accepts, on nearly-JSON text and on any bytes', () => {
    const bytes = fc.oneof(
      jsonish.map((text) => encoder.encode(text)),
      mutated,
      fc.uint8Array({ maxLength: 24 }),
    );
    fc.assert(
      fc.property(bytes, (body) => {
        const fault = locateInBytes(body);
        expect(fault === undefined).toBe(parses(body));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads any number literal whole, and gives its value, or its digits when no double holds them', () => {
    const digits = (min: number, max: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: min, maxLength: max });
    const literal = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc
        .tuple(
          fc.boolean(),
          fc.integer({ min: 1, max: 9 }),
          digits(0, 30),
          fc.option(digits(1, 30)),
          fc.option(fc.integer({ min: -400, max: 400 })),
        )
        .map(
          ([minus, lead, whole, fraction, exponent]) =>
            `${minus ? '-' : ''}${lead}${whole}${fraction === null ? '' : `.${fraction}`}${exponent === null ? '' : `e${exponent}`}`,
        ),
    );
    fc.assert(
      fc.property(literal, (text) => {
        const scanner = new JsonScanner();
        const bytes = encoder.encode(text);
        expect(scanner.number(bytes, 0)).toBe(bytes.length);
        expect(scanner.integral).toBe(!/[.eE]/.test(text));
        const value = jsonNumber(text);
        const parsed = JSON.parse(text) as number;
        if (value instanceof ExactNumber) {
          expect(value.text).toBe(text);
          expect(value.value).toBe(Number.isFinite(parsed) ? parsed : Math.sign(parsed) * Number.MAX_VALUE);
          // What JSON.parse gives does not print back as the digits sent.
          expect(String(parsed)).not.toBe(text);
        } else expect(value).toBe(parsed);
        // Inside a document, parseJson keeps the same digits.
        const [kept] = parseJson(`[${text}]`) as [unknown];
        expect(kept).toEqual(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on any bytes: each scan gives its end or FAIL, the direct path a CSV or nothing', () => {
    const converter = new CsvConverter({ schema: employeeSchema });
    const plan = converter.directPlan()!;
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), mutated), fc.nat(), (body, at) => {
        const scanner = new JsonScanner();
        const i = body.length === 0 ? 0 : at % body.length;
        for (const end of [scanner.string(body, i, true), scanner.number(body, i)])
          expect(end === FAIL || (end >= i && end <= body.length)).toBe(true);
        expect(() => locateInBytes(body)).not.toThrow();
        expect(() => directCsv(body, plan, 1_000)).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });
});
