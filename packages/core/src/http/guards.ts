import type { Config } from './config.js';
import type { PlatformInfo } from './contract.js';
import { HttpProblem } from './problem.js';

/** The methods the function answers. */
export const ALLOW = 'POST, OPTIONS';

/** Only POST (and the OPTIONS preflight) gets past here; anything else is a 405. */
export function checkMethod(request: Request): void {
  if (request.method !== 'POST' && request.method !== 'OPTIONS')
    throw new HttpProblem('method-not-allowed', 'Only POST requests are allowed.', {}, { Allow: ALLOW });
}

const HEALTH_BODY = '{"status":"ok"}';

/** The health path's answer: GET and HEAD get 200 and a tiny JSON body, anything else a 405. */
export function healthAnswer(request: Request, cors: Record<string, string>): Response {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    throw new HttpProblem(
      'method-not-allowed',
      'The health path answers GET and HEAD.',
      {},
      { Allow: 'GET, HEAD' },
    );
  return new Response(request.method === 'HEAD' ? null : HEALTH_BODY, {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...cors },
  });
}

/**
 * The API key, then the rate limit: the limiter keys on the verified key when there is one, and a
 * request with a bad key is counted against its address before its 401, so guessing keys is limited too.
 */
export async function checkAccess(
  request: Request,
  config: Config,
  platform: PlatformInfo | undefined,
): Promise<void> {
  const keyId = config.apiKeys
    ? await config.apiKeys.verify(request.headers.get('authorization'))
    : undefined;
  const { rateLimit } = config.options;
  if (rateLimit) {
    const key = keyId ?? (platform?.clientAddress ? `ip:${platform.clientAddress}` : 'anonymous');
    const verdict = await rateLimit(key, request);
    if (!verdict.allowed) {
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterSeconds));
      throw new HttpProblem(
        'rate-limited',
        `Too many requests; retry after ${seconds} seconds.`,
        {},
        { 'Retry-After': String(seconds) },
      );
    }
  }
  if (config.apiKeys && keyId === undefined) {
    throw new HttpProblem(
      'unauthorized',
      'Send a valid API key as Authorization: Bearer <key>.',
      {},
      { 'WWW-Authenticate': 'Bearer' },
    );
  }
}
