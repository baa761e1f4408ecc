import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ConformanceCase } from './cases.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/csv-spectrum/json');

/**
 * The csv-spectrum suite (conformance/fixtures/csv-spectrum): each file's rows, converted in
 * schema-less mode, must parse back (csv-parse) to the same rows. `location_coordinates.json` holds
 * one object rather than an array, so it is sent wrapped in one (its .csv also disagrees with its
 * .json on the phone number, which is why the JSON, not the CSV, is the expectation here).
 */
export function spectrumCases(): ConformanceCase[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const data: unknown = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
      const rows = (Array.isArray(data) ? data : [data]) as Record<string, string>[];
      return {
        name: `csv-spectrum ${file.replace(/\.json$/, '')} round-trips`,
        app: 'schemaless',
        request: { json: rows },
        expect: {
          status: 200,
          check: (response) => {
            const parsed = parse(Buffer.from(response.body), { columns: true, relax_column_count: false });
            const expected = JSON.stringify(rows);
            if (JSON.stringify(parsed) !== expected)
              throw new Error(`round trip differs:\n${JSON.stringify(parsed)}\n${expected}`);
          },
        },
      } satisfies ConformanceCase;
    });
}
