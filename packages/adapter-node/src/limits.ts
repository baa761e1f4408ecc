import type { PlatformLimits } from '@csvfn/platform';

/**
 * The limits a Node server has of its own: none (nor do Deno and Bun, which need no adapter), read on the date given from the sources listed:
 * `docs/limits.md` turns them into the largest body csvfn can take there.
 */
export const limits: PlatformLimits = {
  // Node's http server takes any body size and streams both ways; csvfn's maxBodyBytes is the cap.
  sources: ['https://nodejs.org/api/http.html'],
  read: '2026-12-07',
};
