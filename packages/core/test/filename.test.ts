import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sanitizeFilename } from '../src/http/filename.js';
import { createCsvHandler } from '../src/index.js';

/** Bidi controls: embeddings and overrides, isolates, and the two marks. */
const BIDI = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
];
/** Other format characters (category Cf): zero-width space, joiner, non-joiner, BOM, soft hyphen. */
const OTHER_FORMAT = ['\u200b', '\u200c', '\u200d', '\ufeff', '\u00ad', '\u2060', '\u{e0001}'];
const FORMAT = [...BIDI, ...OTHER_FORMAT];

describe('format characters in the download name', () => {
  it('strips U+202E from the name a browser would show reversed', async () => {
    const response = await createCsvHandler({ logger: false })(
      new Request('http://x/api?filename=evil%E2%80%AEtxt.exe', {
        method: 'POST',
        body: '[]',
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="eviltxt.exe.csv"');
  });

  it('never keeps a bidi control or any other Cf character, and keeps every other character it kept before', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(fc.constantFrom(...FORMAT), fc.constantFrom('a', 'é', '.', ' ', '-', '日'), fc.string()),
          {
            maxLength: 20,
          },
        ),
        (parts) => {
          const name = parts.join('');
          const safe = sanitizeFilename(name, 'csv');
          if (safe !== undefined) expect(safe).not.toMatch(/\p{Cf}/u);
          // Inserting format characters changes nothing: the name is what it is without them.
          expect(safe).toBe(sanitizeFilename(name.replace(/\p{Cf}/gu, ''), 'csv'));
        },
      ),
    );
  });

  it('finds nothing usable in a name of format characters alone', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...FORMAT), { minLength: 1, maxLength: 30 }), (chars) => {
        expect(sanitizeFilename(chars.join(''), 'csv')).toBeUndefined();
      }),
    );
  });
});

describe('the server’s own download name, worked out once', () => {
  const ask = (handler: ReturnType<typeof createCsvHandler>, query = '', accept = 'text/csv') =>
    handler(
      new Request(`http://x/api${query}`, {
        method: 'POST',
        body: '[]',
        headers: { 'content-type': 'application/json', accept },
      }),
    ).then((response) => response.headers.get('content-disposition'));

  it('is the same on every request, per format, and a request’s own name still wins', async () => {
    const handler = createCsvHandler({ logger: false, filename: 'Bericht für März.csv' });
    const csv =
      'attachment; filename="Bericht f_r M_rz.csv"; filename*=UTF-8\'\'Bericht%20f%C3%BCr%20M%C3%A4rz.csv';
    expect(await ask(handler)).toBe(csv);
    expect(await ask(handler, '', 'text/tab-separated-values')).toBe(
      'attachment; filename="Bericht f_r M_rz.csv.tsv"; filename*=UTF-8\'\'Bericht%20f%C3%BCr%20M%C3%A4rz.csv.tsv',
    );
    expect(await ask(handler, '?filename=mine')).toBe('attachment; filename="mine.csv"');
    expect(await ask(handler)).toBe(csv);
  });

  it('belongs to its own handler: two handlers, two names', async () => {
    expect(await ask(createCsvHandler({ logger: false }))).toBe('attachment; filename="data.csv"');
    expect(await ask(createCsvHandler({ logger: false, filename: 'b' }))).toBe(
      'attachment; filename="b.csv"',
    );
  });
});
