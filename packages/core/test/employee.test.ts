import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import * as zm from 'zod/mini';
import { employeeSchema } from '../src/employee.js';
import {
  CsvValidationError,
  createConverter,
  createCsvHandler,
  openApiDocument,
  toCsv,
} from '../src/index.js';

/** The same record as a user would write it with zod (the form `employeeSchema` stood for). */
const zodEmployee = zm.object({
  name: zm.string(),
  age: zm.int(),
  jobTitle: zm.string(),
  badgeNumber: zm.int(),
});

const john = { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 };

function issuesOf(rows: unknown[], schema: typeof employeeSchema | typeof zodEmployee) {
  try {
    toCsv(rows as never[], { schema });
  } catch (error) {
    if (error instanceof CsvValidationError) return error.issues;
    throw error;
  }
  return [];
}

describe('employeeSchema', () => {
  it('imports no zod, so naming it builds and bundles none', async () => {
    const source = await readFile(new URL('../src/employee.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/from '(zod|zod\/[^']*)'/);
  });

  it('writes the contract’s columns and rows', () => {
    expect(toCsv([john], { schema: employeeSchema })).toBe(
      'Name,Age,Job Title,Badge Number\r\nJohn Doe,45,Software Developer,58195\r\n',
    );
  });

  it('refuses what the zod object refuses, in the same words', () => {
    const rows = [
      { ...john, age: '45' },
      { name: 'Ann', jobTitle: 'x', badgeNumber: 1.5 },
      { ...john, badgeNumber: 2 ** 53 },
      { ...john, name: null },
    ];
    const issues = issuesOf(rows, employeeSchema);
    expect(issues).toEqual([
      { pointer: '/0/age', message: 'Expected number, received string' },
      { pointer: '/1/age', message: 'Required' },
      { pointer: '/1/badgeNumber', message: 'Expected integer, received number' },
      {
        pointer: '/2/badgeNumber',
        message:
          'Integer is beyond 2^53 and cannot be represented exactly (JSON parsing has already rounded it); send it as a string',
      },
      { pointer: '/3/name', message: 'Expected string, received null' },
    ]);
    expect(issuesOf(rows, zodEmployee)).toEqual(issues);
  });

  it('gives the JSON Schema zod gives the object, to openApiDocument and to zod itself', () => {
    const int = { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 };
    const row = {
      type: 'object',
      properties: { name: { type: 'string' }, age: int, jobTitle: { type: 'string' }, badgeNumber: int },
      required: ['name', 'age', 'jobTitle', 'badgeNumber'],
    };
    expect(openApiDocument({ schema: employeeSchema }).components?.schemas?.Row).toEqual(row);
    expect(openApiDocument({ schema: zodEmployee }).components?.schemas?.Row).toEqual(row);
    expect(z.toJSONSchema(employeeSchema as never, { io: 'input' })).toEqual({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      ...row,
    });
  });

  it('serves the handler as the zod object does', async () => {
    const body = JSON.stringify([john, { ...john, age: 'x' }]);
    const send = (schema: typeof employeeSchema | typeof zodEmployee) =>
      createCsvHandler({ schema, logger: false })(
        new Request('http://x/api', {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
        }),
      );
    const [plain, zod] = await Promise.all([send(employeeSchema), send(zodEmployee)]);
    expect(plain.status).toBe(422);
    expect(await plain.json()).toEqual(await zod.json());
    expect(createConverter({ schema: employeeSchema }).columns.map((column) => column.label)).toEqual([
      'Name',
      'Age',
      'Job Title',
      'Badge Number',
    ]);
  });
});
