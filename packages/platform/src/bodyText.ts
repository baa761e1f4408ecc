/**
 * A request body an adapter already holds as a string (a Lambda or Netlify event's body): the
 * adapter marks the Request with it, and a reader that knows the mark takes the text instead of
 * decoding the body's bytes back into the string they were encoded from. For a 1,000-row body that
 * round trip was about a sixth of a Lambda invocation's CPU. The Request keeps its real body: a
 * reader that does not know the mark reads the bytes as always.
 */

/** Where the text sits on the Request; `Symbol.for`, so two bundled copies of this package agree. */
const BODY_TEXT = Symbol.for('csvfn.bodyText');

/** Node 20+ and workerd have these (ES2024); the project's lib is ES2023. */
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };

type Marked = Request & { [BODY_TEXT]?: string };

/**
 * Marks `request` as having a body whose UTF-8 bytes are `text` encoded (a lone surrogate as
 * U+FFFD, as `TextEncoder` writes it). The request's own body must be exactly those bytes.
 */
export function markBodyText(request: Request, text: string): void {
  (request as Marked)[BODY_TEXT] = text;
}

/** Whether `request` carries a body text from {@link markBodyText}. */
export function hasBodyText(request: Request): boolean {
  return typeof (request as Marked)[BODY_TEXT] === 'string';
}

/**
 * The body as decoding its bytes as UTF-8 gives it (Encoding §4.1: one leading BOM dropped, a
 * lone surrogate as U+FFFD), with the body marked used, as a read leaves it; `undefined` when the
 * request carries no text or its body is used or locked (then read it the usual way, which says why).
 */
export function takeBodyText(request: Request): string | undefined {
  const text = (request as Marked)[BODY_TEXT];
  const body = request.body;
  if (typeof text !== 'string' || !body || body.locked || request.bodyUsed) return undefined;
  // Cancelling an unread stream disturbs it: `bodyUsed` is true from here on, as after a read.
  body.cancel().catch(() => {});
  return decodedText(text);
}

/** `text` as its UTF-8 encoding decodes back. */
function decodedText(text: string): string {
  const wellFormed = (text as Es2024String).isWellFormed() ? text : (text as Es2024String).toWellFormed();
  return wellFormed.charCodeAt(0) === 0xfeff ? wellFormed.slice(1) : wellFormed;
}
