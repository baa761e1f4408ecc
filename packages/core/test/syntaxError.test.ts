import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateJsonError } from '../src/json/syntaxError.js';

describe('locateJsonError', () => {
  it.each([
    ['[1,]', 1, 4, "Unexpected ']'"],
    ['{"a" 1}', 1, 6, "Expected ':' but found '1'"],
    ['[\n {"a": tru}\n]', 2, 8, "Unexpected 't'"],
    ['[1] x', 1, 5, "Unexpected 'x' after the JSON value"],
    ['["a\u0001"]', 1, 4, 'Unescaped control character character U+0001 in a string'],
    ['[01]', 1, 3, "Invalid number: unexpected '1'"],
    ['{"a":1,}', 1, 8, "Expected a property name in double quotes but found '}'"],
    ['[', 1, 2, 'Unexpected end of input'],
    ['"abc', 1, 5, 'Unterminated string'],
    ['["\\x"]', 1, 3, 'Invalid escape in a string'],
  ])('%j: line %i, column %i', (text, line, column, message) => {
    expect(JSON.parse.bind(null, text)).toThrow();
    expect(locateJsonError(text)).toEqual({ line, column, message });
  });

  it('never echoes a non-printable character', () => {
    expect(locateJsonError('[\u2028]').message).toBe('Unexpected character U+2028');
  });

  it('handles nesting far deeper than the call stack', () => {
    const text = `${'['.repeat(200_000)}x`;
    expect(locateJsonError(text)).toMatchObject({ line: 1, column: 200_001 });
  });

  it('finds an error in every text JSON.parse rejects, at a position inside the text', () => {
    const jsonish = fc.string({
      unit: fc.constantFrom(
        '[',
        ']',
        '{',
        '}',
        '"',
        ':',
        ',',
        '1',
        '0',
        '-',
        '.',
        'e',
        't',
        'r',
        'u',
        'n',
        'l',
        ' ',
        '\n',
        '\\',
        'a',
      ),
      maxLength: 20,
    });
    fc.assert(
      fc.property(jsonish, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        fc.pre(!valid);
        const { line, column } = locateJsonError(text);
        const lines = text.split('\n');
        expect(line).toBeLessThanOrEqual(lines.length);
        expect(column).toBeLessThanOrEqual(lines[line - 1]!.length + 1);
        // The text up to the reported position is a valid prefix: something stopped it there.
        expect(line >= 1 && column >= 1).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with JSON.parse on validity: a text it finds no fault in parses', () => {
    // The locator is only called after JSON.parse fails, so every such text must get a fault
    // that is not "after the JSON value" of a valid document.
    const values = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value));
    fc.assert(
      fc.property(values, fc.nat(), (text, cut) => {
        const truncated = text.slice(0, cut % (text.length + 1));
        let valid = true;
        try {
          JSON.parse(truncated);
        } catch {
          valid = false;
        }
        fc.pre(!valid);
        expect(locateJsonError(truncated).message).not.toBe('');
      }),
      { numRuns: 500 },
    );
  });
});
