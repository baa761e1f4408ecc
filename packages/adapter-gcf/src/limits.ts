import { MB, MIB, type PlatformLimits } from '@csvfn/platform';

/**
 * The limits Cloud Run functions (2nd gen) documents for one request, read on the date given from the sources listed:
 * `docs/limits.md` turns them into the largest body csvfn can take there.
 */
export const limits: PlatformLimits = {
  // Uncompressed, per invocation; 1st gen allowed 10 MB each way.
  requestBodyBytes: 32 * MB,
  bufferedResponseBytes: 32 * MB,
  // A chunked (streamed) answer, as the adapter writes a large one, is capped lower.
  streamedResponseBytes: 10 * MB,
  timeoutSeconds: 3600,
  memoryBytes: 32 * 1024 * MIB,
  sources: ['https://cloud.google.com/functions/quotas'],
  read: '2026-12-07',
};
