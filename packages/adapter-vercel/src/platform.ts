import type { PlatformInfo } from '@csvfn/platform';

/** What a Web-style Vercel Function ({@link handleWeb}) hands the handler beside the `Request`. */
export interface VercelWebPlatform extends PlatformInfo {
  provider: 'vercel';
}

/**
 * What Vercel tells a function about a request, from the headers its edge sets (and overwrites,
 * so a client cannot forge them): `x-vercel-id` for logs, `x-real-ip` / `x-forwarded-for`.
 * Keys without a value are left out, so they never hide a value the caller already has.
 */
export function vercelPlatform(header: (name: string) => string | null | undefined): VercelWebPlatform {
  const platform: VercelWebPlatform = { provider: 'vercel', cloudProvider: 'vercel' };
  const requestId = header('x-vercel-id');
  if (requestId) platform.requestId = requestId;
  const clientAddress = header('x-real-ip') ?? header('x-forwarded-for')?.split(',')[0]?.trim();
  if (clientAddress) platform.clientAddress = clientAddress;
  return platform;
}
