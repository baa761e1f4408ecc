import { describe, expect, it } from 'vitest';
import { handle, type LambdaFetchHandler } from '../src/index.js';
import { context, restEvent, v2Event } from './events.js';

/** Lambda's buffered cap, as its own error message states it. */
const CAP = 6_291_556;
const serialized = (result: unknown) => Buffer.byteLength(JSON.stringify(result));

/** A CSV of one cell of `quotes` quote characters: each becomes `\"` (2 bytes) in the result's JSON. */
const quotesApp =
  (quotes: number): LambdaFetchHandler =>
  () =>
    new Response('"'.repeat(quotes), { headers: { 'content-type': 'text/csv; charset=utf-8' } });

describe('handle: the result Lambda would refuse becomes a problem', () => {
  it('answers 413 response-too-large, naming the cap and the remedies, within the cap', async () => {
    // 3,200,000 quotes: 6,400,000 bytes of JSON body, over 6,291,556.
    const result: any = await handle(quotesApp(3_200_000))(v2Event({ headers: {} }), context);
    expect(result.statusCode).toBe(413);
    expect(result.headers['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(result.body);
    expect(problem).toMatchObject({
      type: 'urn:csvfn:problem:response-too-large',
      title: 'Response too large',
      status: 413,
      maxBytes: CAP,
    });
    expect(problem.detail).toContain('6291556');
    expect(problem.detail).toContain('Accept-Encoding: gzip');
    expect(problem.detail).toContain('streamHandle');
    expect(serialized(result)).toBeLessThan(CAP);
  });

  it('counts the JSON escaping, not the body: 3,000,000 quotes (6 MB escaped) still fit', async () => {
    const result: any = await handle(quotesApp(3_000_000))(v2Event({ headers: {} }), context);
    expect(result.statusCode).toBe(200);
    expect(result.body.length).toBe(3_000_000);
    expect(serialized(result)).toBeGreaterThan(6_000_000);
    expect(serialized(result)).toBeLessThanOrEqual(CAP);
  });

  it('sends the same answer gzip-compressed as a 200 when the client accepts gzip', async () => {
    const result: any = await handle(quotesApp(3_200_000))(
      v2Event({ headers: { 'accept-encoding': 'gzip' } }),
      context,
    );
    expect(result.statusCode).toBe(200);
    expect(result.headers['content-encoding']).toBe('gzip');
    expect(serialized(result)).toBeLessThan(100_000);
  });

  it('behind a default REST API, where gzip is off, the answer is the problem', async () => {
    const result: any = await handle(quotesApp(3_200_000))(restEvent(), context);
    expect(result.statusCode).toBe(413);
    expect(JSON.parse(result.body).type).toBe('urn:csvfn:problem:response-too-large');
  });
});
