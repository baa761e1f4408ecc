import { describe, expect, it } from 'vitest';
import { createCsvHandler } from '../src/index.js';

const quiet = { logger: false as const };

function post(query: string, contentType: string, body: ReadableStream<Uint8Array>) {
  return new Request(`http://x/api${query}`, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType },
    duplex: 'half',
  } as RequestInit);
}

/** A body in 64-byte chunks that records whether it was cancelled. */
function watchedBody(text: string) {
  const state = { cancelled: false };
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 64));
      offset += 64;
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('the runtime’s request body after the answer (the wrangler dev stall)', () => {
  it.each([
    ['a 415', '', 'text/plain'],
    ['a 400 for a bad query option', '?delimiter=xx', 'application/json'],
    ['a 406-free 400 for a bad filename', '?filename=%2F%2F', 'application/json'],
  ])('leaves it unlocked after %s, which never reads it', async (_, query, type) => {
    const { stream } = watchedBody('[{"name":"a"}]');
    const response = await createCsvHandler(quiet)(post(query, type, stream));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(stream.locked).toBe(false);
  });

  it('releases it once read whole', async () => {
    const { stream } = watchedBody('[]');
    const response = await createCsvHandler(quiet)(post('', 'application/json', stream));
    expect(response.status).toBe(200);
    expect(stream.locked).toBe(false);
  });

  it('releases it, uncancelled, when the answer stops reading part-way (a 413), for the runtime to drain', async () => {
    const { stream, state } = watchedBody(`[${'{"name":"a"},'.repeat(100)}{}]`);
    const response = await createCsvHandler({ ...quiet, maxBodyBytes: 100 })(
      post('', 'application/json', stream),
    );
    expect(response.status).toBe(413);
    expect(stream.locked).toBe(false);
    expect(state.cancelled).toBe(false);
  });
});
