/**
 * @csvfn/core/employee — the seed's sample record, an employee, as a zod schema to pass as
 * `schema`. Its own entry, so the main one carries no zod: a function that never names it bundles
 * none.
 *
 * @example
 * import { createCsvHandler } from '@csvfn/core';
 * import { employeeSchema } from '@csvfn/core/employee';
 * const app = createCsvHandler({ schema: employeeSchema });
 */
import * as z from 'zod/v4/mini';
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
 * The type of {@link employeeSchema}: declared structurally, so that it compiles against whichever
 * zod 4 the user has installed (zod's own class names differ between its versions).
 */
export interface EmployeeSchema extends RowSchema {
  /** zod's internals, typed with the employee record as input and output. */
  readonly _zod: RowSchema['_zod'] & { readonly input: Employee; readonly output: Employee };
}

/**
 * The seed's record: one employee per row, an example to pass as `schema` (no converter uses it
 * unless told to). Built with `zod/mini`; any zod 4 object schema (classic or mini) works too.
 * (`@__PURE__`: a bundle that never names it carries no zod.)
 */
export const employeeSchema: EmployeeSchema = /* @__PURE__ */ z.object({
  name: /* @__PURE__ */ z.string(),
  age: /* @__PURE__ */ z.int(),
  jobTitle: /* @__PURE__ */ z.string(),
  badgeNumber: /* @__PURE__ */ z.int(),
});
