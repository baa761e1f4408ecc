import { concatBytes } from './concatBytes.js';
import { isLateProblem, lateProblemResponse } from './lateProblem.js';
import { DEFAULT_HOLD_BYTES } from './types.js';

/**
 * The handler's response, held back until its body has ended while it stays within `maxBytes`, for
 * a runtime that cannot show a client a failure once a body has started (workerd ends a failed
 * chunked body with a clean last chunk) or a platform that buffers the response anyway (Vercel).
 *
 * A body that ends within `maxBytes` comes back whole, so the runtime sends it with its length; one
 * that fails with a `LateProblem` comes back as that problem (the client's 422, 413 or 400,
 * never a 200 missing rows); any other failure is thrown, for the caller's guard to answer 500.
 * Past `maxBytes` the response streams on, held bytes first: memory stays bounded, and a failure
 * after that is the runtime's to signal as best it can.
 */
export async function holdResponse(response: Response, maxBytes = DEFAULT_HOLD_BYTES): Promise<Response> {
  const body = response.body;
  if (!body) return response;
  const reader = body.getReader();
  const held: Uint8Array[] = [];
  let size = 0;
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return new Response(concatBytes(held, size) as Uint8Array<ArrayBuffer>, init);
      held.push(value);
      size += value.byteLength;
      if (size > maxBytes) return new Response(replay(held, reader), init);
    }
  } catch (error) {
    if (isLateProblem(error)) return lateProblemResponse(error);
    throw error;
  }
}

/** The held chunks, then the rest of the body as the client reads it. */
function replay(
  held: Uint8Array[],
  reader: ReadableStreamDefaultReader<Uint8Array>,
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = held.shift();
        if (next) return controller.enqueue(next);
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}
