/**
 * The request body as the event carries it: a string, base64 or not. The Request gets its bytes;
 * a body that came as text also answers `text()` and `json()` from that string, which saves
 * encoding it to UTF-8 only to decode it again (a 1,000-row body: the decoding alone was a tenth
 * of an invocation's CPU in the profile).
 */

/** The decoded body: its bytes, and its text when the event sent it as text. */
export interface EventBody {
  bytes: Uint8Array;
  text?: string;
}

/** Node 20+ has these (ES2024); the project's lib is ES2023. */
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };

const encoder = new TextEncoder();

/** The body of an event, decoded once; `undefined` when there is none. */
export function eventBody(body: string | null | undefined, isBase64Encoded: boolean | undefined) {
  if (!body) return undefined;
  if (isBase64Encoded) return { bytes: Buffer.from(body, 'base64') } satisfies EventBody;
  return { bytes: encoder.encode(body), text: body } satisfies EventBody;
}

/**
 * Gives `request` its own `text()` and `json()` that return what decoding its bytes would: the
 * string with a lone surrogate as U+FFFD (as the encoder wrote it) and a leading BOM dropped (as
 * the Fetch decoder does). They mark the body used, as reading it would; on a body that is used,
 * locked or cloned away they are the standard methods, which say why they cannot read it.
 */
export function readsAsText(request: Request, text: string): void {
  const standard = { text: request.text, json: request.json };
  const take = (): string | undefined => {
    const body = request.body;
    if (!body || body.locked || request.bodyUsed) return undefined;
    // Cancelling an unread stream disturbs it: bodyUsed is true from here on, as after a read.
    body.cancel().catch(() => {});
    return textOf(text);
  };
  Object.defineProperties(request, {
    text: {
      configurable: true,
      writable: true,
      value(): Promise<string> {
        const value = take();
        return value === undefined ? standard.text.call(request) : Promise.resolve(value);
      },
    },
    json: {
      configurable: true,
      writable: true,
      value(): Promise<unknown> {
        const value = take();
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

/** `text` as decoding its UTF-8 bytes gives it back. */
export function textOf(text: string): string {
  const wellFormed = (text as Es2024String).isWellFormed() ? text : (text as Es2024String).toWellFormed();
  return wellFormed.charCodeAt(0) === 0xfeff ? wellFormed.slice(1) : wellFormed;
}
