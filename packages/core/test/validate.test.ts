import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as zc from 'zod';
import * as z from 'zod/mini';
import { employeeSchema } from '../src/employee.js';
import { CsvValidationError, createConverter, toCsv } from '../src/index.js';
import { columnsFromSchema } from '../src/schema.js';
import { checkFields, type SimpleField, simpleFields, zodRowValidator } from '../src/validate.js';

/** Every value a row field can hold, and the JavaScript-only ones a `toCsv` caller can pass. */
const anyValue = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    2 ** 53,
    -(2 ** 53),
    1e300,
    0.5,
  ),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant([1]),
  fc.constant({ a: 1 }),
  fc.bigInt(),
);

type Kind = SimpleField['kind'];
const fieldSpec = fc.record({
  kind: fc.constantFrom<Kind>('string', 'number', 'int', 'boolean'),
  wrap: fc.constantFrom('none', 'optional', 'nullable', 'nullish', 'nullableOptional'),
  flavour: fc.constantFrom('mini', 'classic', 'classicIntCheck'),
});

function zodField({ kind, wrap, flavour }: { kind: Kind; wrap: string; flavour: string }) {
  let field: any;
  if (flavour === 'mini')
    field = { string: z.string, number: z.number, int: z.int, boolean: z.boolean }[kind]();
  else if (kind === 'int' && flavour === 'classicIntCheck') field = zc.number().int();
  else field = { string: zc.string, number: zc.number, int: zc.int, boolean: zc.boolean }[kind]();
  if (wrap === 'optional') return z.optional(field);
  if (wrap === 'nullable') return z.nullable(field);
  if (wrap === 'nullish') return z.optional(z.nullable(field));
  if (wrap === 'nullableOptional') return z.nullable(z.optional(field));
  return field;
}

describe('the inline check of plain fields', () => {
  it('gives exactly the issues zod gives, worded the same, for any plain schema and any row', () => {
    fc.assert(
      fc.property(
        fc.array(fieldSpec, { minLength: 1, maxLength: 5 }),
        fc.array(anyValue, { minLength: 5, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        fc.nat(1000),
        (specs, values, present, index) => {
          const shape = Object.fromEntries(specs.map((spec, i) => [`f${i}`, zodField(spec)]));
          const schema = z.object(shape);
          const fields = simpleFields(schema);
          expect(fields).toBeDefined();
          const row: Record<string, unknown> = {};
          specs.forEach((_, i) => {
            if (present[i]) row[`f${i}`] = values[i];
          });
          const ours = checkFields(fields!)(row, index);
          const zods = zodRowValidator(schema)(row, index);
          if (Array.isArray(zods)) expect(ours).toEqual(zods);
          else expect(ours).toBe(row); // valid either way; the inline check hands back the row itself
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('leaves to zod what it cannot word or check: custom messages, checks, coercion, strict objects', () => {
    const rich = [
      z.object({ a: z.string({ error: 'Give a name' }) }),
      z.object({ a: z.optional(z.string({ error: 'Give a name' })) }),
      z.object({ a: z.string().check(z.minLength(1)) }),
      z.object({ a: z.number().check(z.int({ error: 'Whole numbers only' })) }),
      z.object({ a: z.int32() }),
      zc.object({ a: zc.coerce.number() }),
      zc.object({ a: zc.string().default('x') }),
      zc.object({ a: zc.literal('x') }),
      zc.strictObject({ a: zc.string() }),
      zc.object({ a: zc.string() }).refine(() => true),
      zc.object({ a: zc.string() }, { error: 'Send an object' }),
    ];
    for (const schema of rich) expect(simpleFields(schema)).toBeUndefined();
  });

  it('refuses NaN and Infinity for a number field, as zod does', () => {
    const schema = z.object({ n: z.number() });
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => toCsv([{ n }], { schema })).toThrow(CsvValidationError);
    }
  });
});

describe('no schema', () => {
  it('is the default: columns from the rows, whatever they hold', () => {
    expect(createConverter().columns).toEqual([]);
    expect(
      toCsv([
        { sku: 'a', price: 1 },
        { sku: 'b', qty: 2 },
      ]),
    ).toBe('sku,price,qty\r\na,1,\r\nb,,2\r\n');
  });

  it('is employeeSchema no longer: the seed passes it explicitly', () => {
    expect(simpleFields(employeeSchema)).toEqual([
      { key: 'name', kind: 'string' },
      { key: 'age', kind: 'int' },
      { key: 'jobTitle', kind: 'string' },
      { key: 'badgeNumber', kind: 'int' },
    ]);
    expect(createConverter({ schema: employeeSchema }).columns).toEqual(columnsFromSchema(employeeSchema));
  });
});
