import { markBodyText, takeBodyText } from '@csvfn/platform';

/**
 * The request body as the event carries it: a string, base64 or not. A body that came as text is
 * marked on the Request with that string (`@csvfn/platform`'s `markBodyText`) and answers `text()`
 * and `json()` from it; its UTF-8 bytes are made only if something reads the body stream. For a
 * 1,000-row body, encoding it and decoding it back was about a sixth of an invocation's CPU.
 */

/** The decoded body: its length in bytes, what the Request takes, and its text when it came as text. */
export interface EventBody {
  byteLength: number;
  body: BodyInit;
  text?: string;
}

const encoder = new TextEncoder();

/** The body of an event, decoded once; `undefined` when there is none. */
export function eventBody(
  body: string | null | undefined,
  isBase64Encoded: boolean | undefined,
): EventBody | undefined {
  if (!body) return undefined;
  if (isBase64Encoded) {
    const bytes = Buffer.from(body, 'base64');
    return { byteLength: bytes.byteLength, body: bytes as Uint8Array<ArrayBuffer> };
  }
  return { byteLength: Buffer.byteLength(body), body: encodedOnRead(body), text: body };
}

/** `text`'s UTF-8 bytes as a byte stream, encoded when first read (never, if the text is taken). */
function encodedOnRead(text: string): ReadableStream<Uint8Array> {
  return new ReadableStream({
    type: 'bytes',
    pull(controller) {
      controller.enqueue(encoder.encode(text));
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
