import { PRELUDE_CONTENT_TYPE } from '@csvfn/adapter-lambda/internal';

const DELIMITER = 8;
const MAX_PRELUDE = 1024 * 1024;

/**
 * Reads a streaming function's output the way a Function URL does: with the prelude content
 * type, a JSON prelude (status, headers, cookies), eight NUL bytes, then the body; otherwise the
 * bytes are the body of a 200 with the function's content type. The body streams on as read.
 */
export async function responseFromStream(
  contentType: string | undefined,
  chunks: AsyncIterator<Uint8Array>,
): Promise<Response> {
  if (contentType !== PRELUDE_CONTENT_TYPE) {
    return new Response(bodyStream(undefined, chunks), {
      status: 200,
      headers: { 'content-type': contentType ?? 'application/octet-stream' },
    });
  }
  let buffered = new Uint8Array(0);
  let end = -1;
  while (end < 0) {
    const { done, value } = await chunks.next();
    if (done) throw new Error('The stream ended before its HTTP prelude did.');
    const joined = new Uint8Array(buffered.byteLength + value.byteLength);
    joined.set(buffered);
    joined.set(value, buffered.byteLength);
    buffered = joined;
    end = findDelimiter(buffered);
    if (end < 0 && buffered.byteLength > MAX_PRELUDE) throw new Error('The HTTP prelude is too long.');
  }
  const prelude = JSON.parse(new TextDecoder().decode(buffered.subarray(0, end))) as {
    statusCode?: number;
    headers?: Record<string, string>;
    cookies?: string[];
  };
  const headers = new Headers(prelude.headers ?? {});
  for (const cookie of prelude.cookies ?? []) headers.append('set-cookie', cookie);
  const status = prelude.statusCode ?? 200;
  const rest = buffered.subarray(end + DELIMITER);
  if (status === 204 || status === 205 || status === 304) {
    await chunks.return?.();
    return new Response(null, { status, headers });
  }
  return new Response(bodyStream(rest, chunks), { status, headers });
}

function findDelimiter(bytes: Uint8Array): number {
  let run = 0;
  for (let i = 0; i < bytes.byteLength; i++) {
    run = bytes[i] === 0 ? run + 1 : 0;
    if (run === DELIMITER) return i - DELIMITER + 1;
  }
  return -1;
}

function bodyStream(first: Uint8Array | undefined, chunks: AsyncIterator<Uint8Array>) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (first && first.byteLength > 0) controller.enqueue(first);
    },
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else if (value.byteLength > 0) controller.enqueue(value);
    },
    async cancel(reason) {
      await chunks.return?.(reason);
    },
  });
}
