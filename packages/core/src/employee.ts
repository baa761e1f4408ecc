/**
 * @csvfn/core/employee — the seed's sample record, an employee, as a schema to pass as `schema`.
 * Its own entry, so the main one carries no schema a function does not name.
 *
 * @example
 * import { createCsvHandler } from '@csvfn/core';
 * import { employeeSchema } from '@csvfn/core/employee';
 * const app = createCsvHandler({ schema: employeeSchema });
 */
import type { RowSchema } from './schema.js';

/** One row of the seed's example: an employee. */
export interface Employee {
  /** The employee's full name: the `Name` column. */
  name: string;
  /** Age in whole years: the `Age` column. */
  age: number;
  /** The `Job Title` column. */
  jobTitle: string;
  /** The `Badge Number` column, a whole number. */
  badgeNumber: number;
}

/**
 * The type of {@link employeeSchema}: declared structurally, as csvfn reads every zod 4 schema, so
 * it fits whichever zod the user has installed.
 */
export interface EmployeeSchema extends RowSchema {
  /** The definition csvfn reads, typed with the employee record as input and output. */
  readonly _zod: RowSchema['_zod'] & { readonly input: Employee; readonly output: Employee };
}

const string = { _zod: { def: { type: 'string' } } };
// zod 4's `z.int()`: a number of format `safeint`.
const int = { _zod: { def: { type: 'number', format: 'safeint' } } };
const SAFE = Number.MAX_SAFE_INTEGER;
const INT_JSON = { type: 'integer', minimum: -SAFE, maximum: SAFE };

/**
 * The seed's record: one employee per row, an example to pass as `schema` (no converter uses it
 * unless told to). It is the definition that `z.object({ name: z.string(), age: z.int(),
 * jobTitle: z.string(), badgeNumber: z.int() })` holds, written out without zod: its plain fields
 * are checked by csvfn itself, so naming it loads, builds and bundles no zod. Its JSON Schema
 * (for `openApiDocument`, or zod's `toJSONSchema`) is the one zod gives that object. To extend it
 * or call zod's methods, write that `z.object(...)` with your own zod: the columns, checks and
 * messages are the same.
 */
export const employeeSchema = {
  _zod: {
    def: { type: 'object', shape: { name: string, age: int, jobTitle: string, badgeNumber: int } },
    // zod's toJSONSchema asks a schema for its own JSON Schema first (the request side: open).
    toJSONSchema: () => ({
      type: 'object',
      properties: {
        name: { type: 'string' },
        age: INT_JSON,
        jobTitle: { type: 'string' },
        badgeNumber: INT_JSON,
      },
      required: ['name', 'age', 'jobTitle', 'badgeNumber'],
    }),
  },
} as unknown as EmployeeSchema;
