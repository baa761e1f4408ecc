// Type tests: `pnpm --filter @csvfn/client typecheck` (tsconfig.test.json) checks this file, so a
// `@ts-expect-error` that finds no error fails the typecheck; vitest runs the values once.

import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { type CsvfnClient, createClient, type RowOf } from '../src/index.js';
import { createInvoker } from '../src/lambda/index.js';

const orderSchema = z.object({
  id: z.number().int(),
  customer: z.object({ name: z.string(), email: z.email().optional() }),
  status: z.enum(['open', 'shipped']).default('open'),
  placed: z.iso.datetime(),
});
const url = 'http://127.0.0.1:1/api';
const order = { id: 1, customer: { name: 'Ada' }, placed: '2026-12-07T00:00:00Z' };

describe('rows typed from the schema', () => {
  it('takes the schema by value or by type argument, and types convert with its input', () => {
    const byValue = createClient({ url, schema: orderSchema });
    const byType = createClient<typeof orderSchema>({ url });
    expectTypeOf(byValue).toEqualTypeOf<CsvfnClient<z.input<typeof orderSchema>>>();
    expectTypeOf(byType).toEqualTypeOf(byValue);
    // The input, not the output: a field with a default may be left out.
    expectTypeOf<RowOf<typeof orderSchema>>().toEqualTypeOf<z.input<typeof orderSchema>>();
    expectTypeOf(byValue.convert).parameter(0).toEqualTypeOf<readonly z.input<typeof orderSchema>[]>();

    const calls = () => {
      byValue.convert([order]);
      byType.convert([order, { ...order, status: 'shipped' }]);
      // @ts-expect-error a misspelt field
      byValue.convert([{ ...order, idd: 1 }]);
      // @ts-expect-error the issue's case: { idd: 1 } is no order
      byType.convert([{ idd: 1 }]);
      // @ts-expect-error a required field missing
      byValue.convert([{ id: 1, placed: '2026-12-07T00:00:00Z' }]);
      // @ts-expect-error a wrong type inside a nested object
      byValue.convert([{ ...order, customer: { name: 7 } }]);
      // @ts-expect-error a value the enum does not have
      byType.convert([{ ...order, status: 'lost' }]);
    };
    expectTypeOf(calls).toBeFunction();
  });

  it('without a schema takes any objects, and nothing else', () => {
    const client = createClient({ url });
    expectTypeOf(client).toEqualTypeOf<CsvfnClient<Record<string, unknown>>>();
    const calls = () => {
      client.convert([{ idd: 1 }, { anything: { nested: [1] } }]);
      // @ts-expect-error rows are objects
      client.convert([1, 2]);
    };
    expectTypeOf(calls).toBeFunction();
  });

  it('types the Lambda invoker the same way', () => {
    const invoker = createInvoker({ functionName: 'orders', schema: orderSchema });
    expectTypeOf(invoker).toEqualTypeOf<CsvfnClient<z.input<typeof orderSchema>>>();
    const calls = () => {
      invoker.convert([order]);
      // @ts-expect-error a misspelt field
      invoker.convert([{ idd: 1 }]);
      // @ts-expect-error rows are objects
      createInvoker({ functionName: 'any' }).convert(['a']);
    };
    expectTypeOf(calls).toBeFunction();
  });
});
