import { MB, MIB, type PlatformLimits } from '@csvfn/platform';

/**
 * The limits Vercel Functions (Node.js runtime) documents for one request, read on the date given from the sources listed:
 * `docs/limits.md` turns them into the largest body csvfn can take there.
 */
export const limits: PlatformLimits = {
  // The request body a function receives; over it Vercel answers 413 FUNCTION_PAYLOAD_TOO_LARGE.
  requestBodyBytes: 4.5 * MB,
  // A buffered response; a streamed one has no documented cap. `handle` sends an answer of up to
  // `holdBytes` (8 MiB) whole, so a CSV over 4.5 MB may meet FUNCTION_RESPONSE_PAYLOAD_TOO_LARGE.
  bufferedResponseBytes: 4.5 * MB,
  timeoutSeconds: 800,
  memoryBytes: 4 * 1024 * MIB,
  codeBytes: 250 * MB,
  sources: [
    'https://vercel.com/docs/functions/limitations',
    'https://vercel.com/guides/how-to-bypass-vercel-body-size-limit-serverless-functions',
  ],
  read: '2026-12-07',
};
