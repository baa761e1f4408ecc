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

/** The default of `LambdaOptions.isBinary`: content-encoded or non-text bodies go base64. */
export function isBinaryByDefault(headers: Headers): boolean {
  return !isTextBody(headers.get('content-type'), headers.get('content-encoding'));
}

/** Reads the whole body; text stays text unless it is not valid UTF-8. */
export async function encodeBody(
  response: Response,
  isBinary: (headers: Headers) => boolean = isBinaryByDefault,
): Promise<EncodedBody> {
  const bytes = await readBytes(response);
  if (!isBinary(response.headers)) {
    try {
      return { body: utf8.decode(bytes), isBase64Encoded: false };
    } catch {
      // Not UTF-8 after all: base64 is the only lossless way through.
    }
  }
  return {
    body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
    isBase64Encoded: true,
  };
}

/**
 * The body's bytes, read straight off its stream: `arrayBuffer()` copies them into one more
 * buffer, which cost a third of reading a 40 KB response. Same failures as `arrayBuffer()`: a used
 * body, a chunk that is not bytes, a stream that errors.
 */
export async function readBytes(response: Response): Promise<Uint8Array> {
  if (response.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!(value instanceof Uint8Array)) {
      await reader.cancel().catch(() => {});
      throw new TypeError('The response body gave a chunk that is not a Uint8Array.');
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}
