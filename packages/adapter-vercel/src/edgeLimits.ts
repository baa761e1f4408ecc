import { MB, type PlatformLimits } from '@csvfn/platform';

/**
 * What Vercel's Edge runtime allows one request, as Vercel documents it. Vercel meters the Edge
 * runtime's CPU time for billing but states no per-request CPU cap; the 4.5 MB request body of
 * every Vercel Function applies, so csvfn's 4 MiB default fits.
 */
export const edgeLimits: PlatformLimits = {
  requestBodyBytes: 4.5 * MB,
  memoryBytes: 128 * MB,
  // After gzip: 1 MB on Hobby, 2 MB on Pro, 4 MB on Enterprise (the largest here).
  codeBytes: 4 * MB,
  // It must begin its response within 25 s, and may stream after that.
  firstByteSeconds: 25,
  sources: [
    'https://vercel.com/docs/functions/limitations',
    'https://vercel.com/docs/functions/runtimes/edge',
  ],
  read: '2026-12-07',
};
