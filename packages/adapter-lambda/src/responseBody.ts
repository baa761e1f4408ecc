/** A response body the way Lambda's JSON result carries it. */
export interface EncodedBody {
  body: string;
  isBase64Encoded: boolean;
}

const TEXT_TYPE = /^\s*(?:text\/|application\/(?:[\w.+-]+\+)?(?:json|xml)\b|application\/javascript\b)/i;
// `ignoreBOM` keeps a leading byte-order mark (the `bom=true` option) instead of eating it.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Whether a body of this type and encoding can travel as a JSON string without loss. */
export function isTextBody(contentType: string | null | undefined, contentEncoding?: string | null): boolean {
  if (contentEncoding && contentEncoding.trim().toLowerCase() !== 'identity') return false;
  return !contentType || TEXT_TYPE.test(contentType);
}

/** The default of `HandleOptions.isBinary`: content-encoded or non-text bodies go base64. */
export function isBinaryByDefault(headers: Headers): boolean {
  return !isTextBody(headers.get('content-type'), headers.get('content-encoding'));
}

/** Reads the whole body; text stays text unless it is not valid UTF-8. */
export async function encodeBody(
  response: Response,
  isBinary: (headers: Headers) => boolean = isBinaryByDefault,
): Promise<EncodedBody> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!isBinary(response.headers)) {
    try {
      return { body: utf8.decode(bytes), isBase64Encoded: false };
    } catch {
      // Not UTF-8 after all: base64 is the only lossless way through.
    }
  }
  return { body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true };
}
