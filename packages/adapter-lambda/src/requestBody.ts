import { markBodyText, takeBodyText } from '@csvfn/platform';

/**
 * The request body as the event carries it: a string, base64 or not. The Request gets its bytes;
 * a body that came as text is also marked with it (`@csvfn/platform`'s `markBodyText`) and answers
 * `text()` and `json()` from it, which saves encoding it to UTF-8 only to decode it again (for a
 * 1,000-row body the decoding alone was a tenth of an invocation's CPU in the profile).
 */

/** The decoded body: its bytes, and its text when the event sent it as text. */
export interface EventBody {
  bytes: Uint8Array<ArrayBuffer>;
  text?: string;
}

const encoder = new TextEncoder();

/** The body of an event, decoded once; `undefined` when there is none. */
export function eventBody(
  body: string | null | undefined,
  isBase64Encoded: boolean | undefined,
): EventBody | undefined {
  if (!body) return undefined;
  if (isBase64Encoded) return { bytes: Buffer.from(body, 'base64') as Uint8Array<ArrayBuffer> };
  return { bytes: encoder.encode(body), text: body };
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
