import { MB, MIB, type PlatformLimits } from '@csvfn/platform';

/**
 * AWS Lambda's documented limits for a synchronous invocation. The request cap counts the event's
 * JSON (a JSON body's quotes and backslashes are escaped in it, a base64 body grows by a third),
 * and it stays 6 MB with response streaming: streaming lifts only the response cap. Read
 * 2026-12-07 from the sources listed.
 */
export const limits: PlatformLimits = {
  requestBodyBytes: 6 * MIB,
  bufferedResponseBytes: 6_291_556,
  streamedResponseBytes: 200 * MIB,
  timeoutSeconds: 900,
  memoryBytes: 10_240 * MIB,
  codeBytes: 250 * MB,
  sources: [
    'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html',
  ],
  read: '2026-12-07',
};
