import { afterEach, describe, expect, it, vi } from 'vitest';
import { employeeSchema } from '../src/employee.js';
import { CsvValidationError, createConverter, createCsvHandler } from '../src/index.js';

// A body the direct path cannot finish (its last row fails) must cost no more than the general
// path alone: the general path goes on from the row where the direct path stopped, so only that
// row is parsed again. Counted here as the characters handed to JSON.parse, not timed.

const ROWS = 2_000;
const good = Array.from({ length: ROWS }, (_, i) => ({
  name: i % 7 === 0 ? `Zoë "${i}"\n` : `Ada ${i}`,
  age: 20 + (i % 50),
  jobTitle: 'SRE',
  badgeNumber: 10_000 + i,
}));
const goodText = JSON.stringify(good);
/** The good rows, then one more: `last` (its JSON text). */
const withLast = (last: string) => `${goodText.slice(0, -1)},${last}]`;
const BAD_ROW = '{"name":"Bo","age":"old","jobTitle":"QA","badgeNumber":1}';

/** Counts the characters of the body handed to JSON.parse from now on (texts of rows: `[…` or `{…`). */
const parsedChars = () => {
  const parse = vi.spyOn(JSON, 'parse');
  return () =>
    parse.mock.calls
      .map(([text]) => String(text))
      .filter((text) => text.startsWith('[') || text.includes('"badgeNumber"'))
      .reduce((sum, text) => sum + text.length, 0);
};
afterEach(() => {
  vi.restoreAllMocks();
});

const post = (body: string) =>
  new Request('http://x/api', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });

describe('a body whose last row the direct path cannot write', () => {
  it('fromJson: the general path parses only that row, and reports it at its index among all rows', () => {
    const body = new TextEncoder().encode(withLast(BAD_ROW));
    const counted = parsedChars();
    let error: unknown;
    try {
      createConverter({ schema: employeeSchema }).fromJson(body);
    } catch (caught) {
      error = caught;
    }
    expect(counted()).toBeLessThanOrEqual(BAD_ROW.length + 2);
    expect(error).toBeInstanceOf(CsvValidationError);
    expect((error as CsvValidationError).issues).toEqual([
      { pointer: '/2000/age', message: 'Expected number, received string' },
    ]);
    expect((error as CsvValidationError).message).toBe('1 of 2001 rows is invalid');
  });

  it('the handler: the same 422 as the general path gives, parsing only the last row', async () => {
    const counted = parsedChars();
    const response = await createCsvHandler({ schema: employeeSchema, logger: false })(
      post(withLast(BAD_ROW)),
    );
    const parsed = counted();
    const problem = await response.json();
    expect(response.status).toBe(422);
    expect(parsed).toBeLessThanOrEqual(BAD_ROW.length + 2);
    expect(problem).toMatchObject({
      type: 'urn:csvfn:problem:invalid-rows',
      detail: '1 of 2001 rows is invalid',
      errors: [{ pointer: '/2000/age', message: 'Expected number, received string' }],
    });
  });

  it('a nested value in the last row: the rows after the direct path’s, written by the general path', async () => {
    const response = await createCsvHandler({ schema: false, columns: ['name', 'age'], logger: false })(
      post(withLast('{"name":"Bo","age":[1,2]}')),
    );
    expect(response.status).toBe(200);
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toBe('name,age');
    expect(lines[1]).toBe('"Zoë ""0""\n",20');
    expect(lines[2]).toBe('Ada 1,21');
    expect(lines.at(-2)).toBe('Bo,"[1,2]"');
    expect(lines).toHaveLength(ROWS + 3);
  });

  it('a last item that is not an object: the 400 points at it among all items', async () => {
    const response = await createCsvHandler({ schema: employeeSchema, logger: false })(post(withLast('5')));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      detail: '1 of 2001 items are not objects.',
      errors: [{ pointer: '/2000', message: 'Expected object, received number' }],
    });
  });

  it('bad JSON in the last row: the 400 says where, in the whole body', async () => {
    const text = withLast('{"name": tru}');
    const response = await createCsvHandler({ schema: employeeSchema, logger: false })(post(text));
    expect(response.status).toBe(400);
    const column = text.indexOf('tru}') + 1;
    expect(await response.json()).toMatchObject({
      detail: `Unexpected 't' at line 1, column ${column}.`,
    });
  });
});
