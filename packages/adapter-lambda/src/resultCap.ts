import type { ResponseCap } from '@csvfn/platform/internal';

/**
 * Lambda's cap on a buffered (RequestResponse) result, counted on the result's JSON: 6 MB, which
 * its error message spells as 6,291,556 bytes ("Response payload size exceeded maximum allowed
 * payload size (6291556 bytes)"). Read 2026-12-07 from
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const LAMBDA_RESULT_CAP: ResponseCap = {
  platform: 'AWS Lambda (buffered)',
  maxBytes: 6_291_556,
  remedy:
    'Ask for it compressed (Accept-Encoding: gzip), send fewer rows, or deploy the function with streamHandle (no response cap below 200 MB).',
};

/** Longest a JSON string grows per UTF-16 unit (`\u001f`): below this a result cannot reach the cap. */
const MAX_ESCAPE = 6;
const HEADROOM = 64 * 1024;

/**
 * The result's size as Lambda counts it: the bytes of its JSON. CSV doubles a quote and JSON
 * escapes it again, so a 3.9 MB body can serialize to 7.8 MB. Small bodies skip the count.
 */
export function resultBytes(result: { body: string }): number {
  if (result.body.length * MAX_ESCAPE + HEADROOM < LAMBDA_RESULT_CAP.maxBytes) return 0;
  return Buffer.byteLength(JSON.stringify(result));
}
