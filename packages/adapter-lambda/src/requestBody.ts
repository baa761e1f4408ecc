import { markBodyText, takeBodyText } from '@csvfn/platform';

/**
 * The request body as the event carries it: a string, base64 or not. A body that came as text is
 * marked on the Request with that string (`@csvfn/platform`'s `markBodyText`) and answers `text()`
 * and `json()` from it. For a 1,000-row body, encoding it and decoding it back was about a sixth
 * of an invocation's CPU.
 */

/** The decoded body: its length in bytes, what the Request takes, and its text when it came as text. */
export interface EventBody {
  byteLength: number;
  body: BodyInit;
  text?: string;
}

/**
 * What one handler does with a text body, learnt from the requests so far: one that reads the
 * bytes (csvfn's core) gets them encoded up front, whose length is then free; one that takes the
 * text gets them encoded only if it reads them, at the cost of counting the UTF-8 length apart.
 */
export interface BodyHabit {
  readsBytes: boolean;
}

const encoder = new TextEncoder();

/** The body of an event, decoded once; `undefined` when there is none. */
export function eventBody(
  body: string | null | undefined,
  isBase64Encoded: boolean | undefined,
  habit: BodyHabit = { readsBytes: false },
): EventBody | undefined {
  if (!body) return undefined;
  if (isBase64Encoded) {
    const bytes = Buffer.from(body, 'base64');
    return { byteLength: bytes.byteLength, body: bytes as Uint8Array<ArrayBuffer> };
  }
  if (habit.readsBytes) {
    const bytes = encoder.encode(body);
    return { byteLength: bytes.byteLength, body: byteStream(() => bytes), text: body };
  }
  return {
    byteLength: Buffer.byteLength(body),
    body: byteStream(() => {
      habit.readsBytes = true;
      return encoder.encode(body);
    }),
    text: body,
  };
}

/** A one-chunk byte stream (BYOB reads work, as on any Request body) of `bytes()`, made when first read. */
function byteStream(bytes: () => Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    type: 'bytes',
    pull(controller) {
      controller.enqueue(bytes());
      controller.close();
    },
  });
}

/**
 * Marks `request` with its body's text and gives it its own `text()` and `json()`, which return
 * what decoding its bytes would (see `takeBodyText`) and leave the body used. On a body that is
 * used, locked or cloned away they are the standard methods, which say why they cannot read it.
 */
export function readsAsText(request: Request, text: string): void {
  markBodyText(request, text);
  const standard = { text: request.text, json: request.json };
  Object.defineProperties(request, {
    text: {
      configurable: true,
      writable: true,
      value(): Promise<string> {
        const value = takeBodyText(request);
        return value === undefined ? standard.text.call(request) : Promise.resolve(value);
      },
    },
    json: {
      configurable: true,
      writable: true,
      value(): Promise<unknown> {
        const value = takeBodyText(request);
        if (value === undefined) return standard.json.call(request);
        try {
          return Promise.resolve(JSON.parse(value));
        } catch (error) {
          return Promise.reject(error);
        }
      },
    },
  });
}
