import { describe, expect, it } from 'vitest';
import { isLateProblem, LateProblem } from '../src/index.js';
import { holdResponse } from '../src/internal.js';

const encoder = new TextEncoder();

/** A 200 whose body sends `chunks` and then ends, or fails with `failure`. */
function streamed(chunks: string[], failure?: unknown): Response {
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (index < chunks.length) return controller.enqueue(encoder.encode(chunks[index++]!));
      if (failure) controller.error(failure);
      else controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/csv', 'x-kept': 'yes' } });
}

const late = () =>
  new LateProblem(422, '{"type":"urn:csvfn:problem:invalid-rows","status":422}', {
    'access-control-allow-origin': 'https://app.example',
  });

describe('holdResponse', () => {
  it('sends a body that ends within the limit whole, status and headers kept', async () => {
    const held = await holdResponse(streamed(['a,b\r\n', '1,2\r\n']), 1024);
    expect(held.status).toBe(200);
    expect(held.headers.get('x-kept')).toBe('yes');
    expect(await held.text()).toBe('a,b\r\n1,2\r\n');
  });

  it('answers a late problem within the limit with that problem, never the 200', async () => {
    const held = await holdResponse(streamed(['a,b\r\n'], late()), 1024);
    expect(held.status).toBe(422);
    expect(held.headers.get('content-type')).toBe('application/problem+json');
    expect(held.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(held.headers.get('x-kept')).toBeNull();
    expect(await held.json()).toEqual({ type: 'urn:csvfn:problem:invalid-rows', status: 422 });
  });

  it('throws any other failure, for the guard to answer 500', async () => {
    await expect(holdResponse(streamed(['a'], new Error('our bug')), 1024)).rejects.toThrow('our bug');
  });

  it('streams past the limit, held bytes first, and then fails as the body does', async () => {
    const held = await holdResponse(streamed(['12345', '67890', 'abc'], late()), 6);
    expect(held.status).toBe(200);
    const reader = held.body!.getReader();
    const seen: string[] = [];
    let error: unknown;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        seen.push(new TextDecoder().decode(value));
      }
    } catch (caught) {
      error = caught;
    }
    expect(seen.join('')).toBe('1234567890abc');
    expect(isLateProblem(error)).toBe(true);
  });

  it('passes a body-less answer through', async () => {
    const answer = new Response(null, { status: 204 });
    expect(await holdResponse(answer)).toBe(answer);
  });
});

describe('isLateProblem', () => {
  it('knows a LateProblem by its mark, from any copy of the package, and nothing else', () => {
    expect(isLateProblem(late())).toBe(true);
    expect(isLateProblem({ [Symbol.for('csvfn.lateProblem')]: true })).toBe(true);
    expect(isLateProblem(new Error('x'))).toBe(false);
    expect(isLateProblem(null)).toBe(false);
  });
});
