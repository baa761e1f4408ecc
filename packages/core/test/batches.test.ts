import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvConverter } from '../src/convert.js';
import { employeeSchema } from '../src/employee.js';
import { createCsvHandler } from '../src/index.js';
import { DirectBatches, directStart, MORE } from '../src/json/direct.js';

const HEADER = 'Name,Age,Job Title,Badge Number\r\n';
const quiet = { logger: false as const, schema: employeeSchema };

function post(body: string, type = 'application/json') {
  return new Request('http://test.local/api', { method: 'POST', body, headers: { 'content-type': type } });
}

/** `count` rows, the i-th named `Person i`, aged 20 + i % 40, badge 10000 + i. */
function rows(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    name: `Person ${i}`,
    age: 20 + (i % 40),
    jobTitle: i % 2 ? 'Dev, Ops' : 'QA',
    badgeNumber: 10_000 + i,
  }));
}

/** Counts the turns of the event loop until `work` settles. */
async function turnsDuring<T>(work: Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let done = false;
  const tick = () => {
    if (done) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const value = await work;
  done = true;
  return { value, turns };
}

describe('batchRows: a JSON array converted a batch of rows at a time', () => {
  it('writes the same CSV whatever the batch size', async () => {
    const body = JSON.stringify([
      { name: 'Ada', age: 36, jobTitle: 'Analyst', badgeNumber: 1 },
      { name: 'Zoë "Z" Ünïcödé', age: 41, jobTitle: 'Dev, Ops', badgeNumber: 2 },
      { name: '=SUM(A1)', age: 52, jobTitle: 'Line\nBreak', badgeNumber: 3 },
    ]);
    const expected = `${HEADER}Ada,36,Analyst,1\r\n"Zoë ""Z"" Ünïcödé",41,"Dev, Ops",2\r\n"'=SUM(A1)",52,"Line\nBreak",3\r\n`;
    for (const batchRows of [1, 2, 3, 4, Number.POSITIVE_INFINITY]) {
      const response = await createCsvHandler({ ...quiet, batchRows })(post(body));
      expect(response.status, `batchRows ${batchRows}`).toBe(200);
      expect(await response.text(), `batchRows ${batchRows}`).toBe(expected);
    }
  });

  it('gives the event loop a turn between batches, and none within one', async () => {
    const body = JSON.stringify(rows(1_000));
    const small = await turnsDuring(createCsvHandler({ ...quiet, batchRows: 10 })(post(body)));
    const whole = await turnsDuring(
      createCsvHandler({ ...quiet, batchRows: Number.POSITIVE_INFINITY })(post(body)),
    );
    expect(await small.value.text()).toBe(await whole.value.text());
    // 1,000 rows in batches of 10: 99 breaks, each a turn; in one go the conversion takes none.
    expect(small.turns).toBeGreaterThanOrEqual(99);
    expect(whole.turns).toBeLessThan(10);
  });

  it('by default takes batches of 1,000 rows: none for a 1,000-row body, four breaks for 5,000', async () => {
    const handler = createCsvHandler(quiet);
    const thousand = await turnsDuring(handler(post(JSON.stringify(rows(1_000)))));
    const fiveThousand = await turnsDuring(handler(post(JSON.stringify(rows(5_000)))));
    const oneGo = await turnsDuring(
      createCsvHandler({ ...quiet, batchRows: Number.POSITIVE_INFINITY })(post(JSON.stringify(rows(5_000)))),
    );
    expect(thousand.value.status).toBe(200);
    expect(thousand.turns).toBeLessThan(10);
    expect(fiveThousand.turns - oneGo.turns).toBeGreaterThanOrEqual(4);
  });

  it('answers a row that fails its check after several batches as in one go: 422 at that row', async () => {
    const list: unknown[] = rows(50);
    list[37] = { name: 'Bad', age: 'old', jobTitle: 'QA', badgeNumber: 1 };
    const body = JSON.stringify(list);
    const answers = [];
    for (const batchRows of [4, Number.POSITIVE_INFINITY]) {
      const response = await createCsvHandler({ ...quiet, batchRows })(post(body));
      answers.push({ status: response.status, body: await response.json() });
    }
    expect(answers[0]!.status).toBe(422);
    expect(answers[0]!.body.errors[0].pointer).toBe('/37/age');
    expect(answers[0]).toEqual(answers[1]);
  });

  it('counts maxRows across batches: one row over the limit is a 413', async () => {
    const handler = createCsvHandler({ ...quiet, batchRows: 3, maxRows: 10 });
    expect((await handler(post(JSON.stringify(rows(10))))).status).toBe(200);
    expect((await handler(post(JSON.stringify(rows(11))))).status).toBe(413);
  });

  it('stops where the one-go direct path stops, with the same bytes, on any body (property)', () => {
    const plan = new CsvConverter({ schema: employeeSchema }).directPlan()!;
    const utf8 = new TextEncoder();
    const anyRow = fc.oneof(
      fc.record({
        name: fc.string({ unit: 'grapheme' }),
        age: fc.integer({ min: 0, max: 150 }),
        jobTitle: fc.string(),
        badgeNumber: fc.integer({ min: 0, max: 1e9 }),
      }),
      // A row the direct path leaves to the general one (a failing check, a nested value).
      fc.record({
        name: fc.constant(1),
        age: fc.constant('x'),
        jobTitle: fc.constant({}),
        badgeNumber: fc.constant(1),
      }),
    );
    const body = fc
      .tuple(fc.array(anyRow, { maxLength: 30 }), fc.constantFrom('', ' ', ',', 'x', ']'))
      .map(([rows, tail]) => utf8.encode(`${JSON.stringify(rows)}${tail}`));
    const outcome = (result: ReturnType<typeof directStart>) =>
      result === undefined
        ? undefined
        : 'bytes' in result
          ? { rows: result.rows, csv: [...result.bytes] }
          : { rows: result.rows, at: result.at, csv: [...result.out.bytes()] };
    fc.assert(
      fc.property(
        body,
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 40 }),
        (bytes, batchRows, maxRows) => {
          const batches = new DirectBatches(bytes, plan, maxRows, batchRows);
          let step = batches.next();
          while (step === MORE) step = batches.next();
          expect(outcome(step)).toEqual(outcome(directStart(bytes, plan, maxRows)));
        },
      ),
    );
  });

  it('refuses a batch size that is not a whole number of at least 1, or Infinity', () => {
    for (const batchRows of [0, -1, 1.5, Number.NaN, '100'])
      expect(() => createCsvHandler({ ...quiet, batchRows: batchRows as number })).toThrow(/batchRows/);
    expect(() => createCsvHandler({ ...quiet, batchRows: Number.POSITIVE_INFINITY })).not.toThrow();
  });
});
