import { describe, expect, it } from 'vitest';
import { employeeSchema } from '../src/employee.js';
import { createConverter } from '../src/index.js';

// Both byte writers size their buffer from the first 64 records (the rows API) or rows (the
// direct path from JSON bytes), then make room for the rest at that rate. The guess is wrong when
// later rows are longer (multi-byte text, quotes that double, escapes that become two characters)
// or shorter: the CSV must come out the same, and no longer than it is.

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const HEADER = 'Name,Age,Job Title,Badge Number\r\n';
const short = { name: 'Al', age: 1, jobTitle: 'QA', badgeNumber: 2 };
// Written as `"Zoë ""Z"" Ünïcödé` + LF + `ÿ",…`: two-byte letters, doubled quotes, a kept line break.
const long = {
  name: 'Zoë "Z" Ünïcödé\nÿ'.repeat(20),
  age: 33,
  jobTitle: 'Développeuse, "senior"',
  badgeNumber: 7,
};
const SHORT_CSV = 'Al,1,QA,2\r\n';
const LONG_CSV = `"${'Zoë ""Z"" Ünïcödé\nÿ'.repeat(20)}",33,"Développeuse, ""senior""",7\r\n`;

const rows = <T>(first: T, firstCount: number, rest: T, restCount: number): T[] => [
  ...Array.from({ length: firstCount }, () => first),
  ...Array.from({ length: restCount }, () => rest),
];

describe('the output buffer is sized from the first rows', () => {
  it('later rows much longer than the first 64: the buffer grows, the bytes are all there', () => {
    const input = rows(short, 64, long, 500);
    const expected = HEADER + SHORT_CSV.repeat(64) + LONG_CSV.repeat(500);
    const converter = createConverter({ schema: employeeSchema });
    expect(decode(converter.toCsvBytes(input))).toBe(expected);
    expect(decode(converter.fromJson(JSON.stringify(input)))).toBe(expected);
    expect(decode(converter.fromJson(new TextEncoder().encode(JSON.stringify(input))))).toBe(expected);
  });

  it('later rows much shorter than the first 64: exactly the CSV, not the room made for it', () => {
    const input = rows(long, 64, short, 5_000);
    const expected = HEADER + LONG_CSV.repeat(64) + SHORT_CSV.repeat(5_000);
    const byteLength = new TextEncoder().encode(expected).length;
    const converter = createConverter({ schema: employeeSchema });
    for (const bytes of [converter.toCsvBytes(input), converter.fromJson(JSON.stringify(input))]) {
      expect(bytes.byteLength).toBe(byteLength);
      expect(decode(bytes)).toBe(expected);
    }
  });

  it('escapes in the JSON that are shorter in the CSV, and \\u escapes that are longer', () => {
    // `\"` (2 bytes of JSON) is `""` in the CSV; `\u00e9` (6 bytes) is é (2 bytes); `\n` is one byte.
    const body = `[${Array.from({ length: 300 }, (_, i) =>
      i < 64
        ? '{"name":"A","age":1,"jobTitle":"B","badgeNumber":1}'
        : '{"name":"\\u00e9\\"\\n\\u20ac","age":2,"jobTitle":"\\\\","badgeNumber":2}',
    ).join(',')}]`;
    const expected = `${HEADER}${'A,1,B,1\r\n'.repeat(64)}${'"é""\n€",2,\\,2\r\n'.repeat(236)}`;
    expect(decode(createConverter({ schema: employeeSchema }).fromJson(body))).toBe(expected);
  });

  it('no rows, or fewer than the sample: the header and those rows', () => {
    const converter = createConverter({ schema: employeeSchema });
    expect(decode(converter.fromJson('[]'))).toBe(HEADER);
    expect(decode(converter.toCsvBytes([]))).toBe(HEADER);
    expect(decode(converter.fromJson(JSON.stringify([long, short])))).toBe(HEADER + LONG_CSV + SHORT_CSV);
    expect(decode(createConverter().toCsvBytes(rows(short, 3, long, 2)))).toBe(
      `name,age,jobTitle,badgeNumber\r\n${SHORT_CSV.repeat(3)}${LONG_CSV.repeat(2)}`,
    );
  });
});
