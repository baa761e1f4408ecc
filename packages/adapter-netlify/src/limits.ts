import { MB, type PlatformLimits } from '@csvfn/platform';

/**
 * The limits Netlify Functions (synchronous) documents for one request, read on the date given from the sources listed:
 * `docs/limits.md` turns them into the largest body csvfn can take there.
 */
export const limits: PlatformLimits = {
  // Buffered request and response payload: 6 MB, fixed (a binary request is base64: 4.5 MB).
  requestBodyBytes: 6 * MB,
  bufferedResponseBytes: 6 * MB,
  // A Response whose body is a stream, as csvfn's is, is streamed: up to 20 MB.
  streamedResponseBytes: 20 * MB,
  timeoutSeconds: 60,
  memoryBytes: 1024 * MB,
  sources: ['https://docs.netlify.com/build/functions/configuration'],
  read: '2026-12-07',
};
