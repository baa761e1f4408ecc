import { describe, expect, it } from 'vitest';
import { employeeSchema } from '../src/employee.js';
import { createCsvHandler } from '../src/index.js';
import { humanizeKey } from '../src/schema.js';

/**
 * The two patterns the ReDoS audit (test/redos.test.ts at the repository root) leaves out because
 * they are quadratic on their own: here, at their call sites, the input they can see is bounded.
 */
describe('ReDoS: the bounded patterns at their call sites', () => {
  it('a 100,000-character filename of dots and spaces is cut before the trailing-dots pattern sees it', async () => {
    const handler = createCsvHandler({ schema: employeeSchema, logger: false });
    for (const unit of ['. ', '.', ' ', '\t', '.\u3000']) {
      const name = `a${unit.repeat(50_000)}\u0001`;
      const response = await handler(
        new Request(`http://x/api?filename=${encodeURIComponent(name)}`, {
          method: 'POST',
          body: '[]',
          headers: { 'content-type': 'application/json' },
        }),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')!.length).toBeLessThan(1000);
    }
  });

  it('humanizeKey handles any realistic key (it never sees request input)', () => {
    expect(humanizeKey(`${'A'.repeat(2000)}b`)).toBe(`${'A'.repeat(1999)} Ab`);
    expect(humanizeKey('HTTPStatusCode')).toBe('HTTP Status Code');
  });
});
