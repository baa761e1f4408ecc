import { MB, type PlatformLimits } from '@csvfn/platform';

/**
 * The limits Cloudflare Workers documents for one request, read on the date given from the sources listed:
 * `docs/limits.md` turns them into the largest body csvfn can take there.
 */
export const limits: PlatformLimits = {
  // Set by the zone's Cloudflare plan (Free and Pro 100 MB, Business 200 MB), not the Workers plan.
  requestBodyBytes: 100 * MB,
  // No response body cap is enforced, buffered or streamed.
  // CPU per request: 10 ms on Workers Free (5 min on Paid, 30 s by default).
  cpuMsPerRequest: 10,
  memoryBytes: 128 * MB,
  sources: ['https://developers.cloudflare.com/workers/platform/limits/'],
  read: '2026-12-07',
};
