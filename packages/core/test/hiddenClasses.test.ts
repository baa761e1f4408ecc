import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../src/byteWriter.js';
import { CsvConverter } from '../src/convert.js';
import { employeeSchema } from '../src/employee.js';
import { DirectBatches, DirectRows } from '../src/json/direct.js';

// Each hot class keeps one idle instance so that its hidden class, and the optimised code that
// names it, live through a major GC (issue 25). That holds only if the idle instance has the very
// hidden class the converter's own instances get: a field that holds a small integer in one and a
// double in the other gives two classes (the idle DirectBatches once held 0 where fromJson passes
// Infinity, and the row loop was recompiled after every GC). V8's own check says whether two
// objects share a class. (The test transform declares every field before the constructor runs, so
// here a field's first value never fixes it as an integer: the integer/double split itself shows
// only in the tsup build, in the bench's after-GC case with `--trace-opt`.)
setFlagsFromString('--allow-natives-syntax');
const sameClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
setFlagsFromString('--no-allow-natives-syntax');

const body = new TextEncoder().encode('[{"name":"Ada","age":36,"jobTitle":"Engineer","badgeNumber":1}]');

describe('idle instances share the hidden class of the ones a conversion builds', () => {
  it('the natives check tells two classes apart', () => {
    expect(sameClass({ a: 1 }, { a: 2 })).toBe(true);
    expect(sameClass({ a: 1 }, { b: 1 })).toBe(false);
  });

  it('DirectBatches: as fromJson builds it (no row limit) and as the handler does (limits as integers)', () => {
    const plan = new CsvConverter({ schema: employeeSchema }).directPlan()!;
    const unlimited = new DirectBatches(body, plan, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
    const handler = new DirectBatches(body, plan, 100_000, 2_000);
    expect(sameClass(DirectBatches.idle, unlimited)).toBe(true);
    expect(sameClass(DirectBatches.idle, handler)).toBe(true);
    expect(unlimited.next()).toMatchObject({ rows: 1 });
  });

  it('DirectRows and ByteWriter', () => {
    const plan = new CsvConverter({ schema: employeeSchema }).directPlan()!;
    const out = new ByteWriter(64);
    expect(sameClass(DirectRows.idle, new DirectRows(plan, out))).toBe(true);
    expect(sameClass(DirectRows.idle.out, out)).toBe(true);
  });

  it('CsvConverter, with a schema and without', () => {
    const withSchema = new CsvConverter({ schema: employeeSchema });
    const schemaless = new CsvConverter({});
    expect(sameClass(CsvConverter.idle, withSchema)).toBe(true);
    expect(sameClass(CsvConverter.idle, schemaless)).toBe(true);
  });
});
