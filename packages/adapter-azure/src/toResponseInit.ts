import type { Cookie, HttpResponseBodyInit, HttpResponseInit } from '@azure/functions';
import { type Cookie as ParsedCookie, parseSetCookie } from 'set-cookie-parser';

/**
 * A Web `Response` as the `HttpResponseInit` the host takes. The host keeps one value per header
 * name, so each `Set-Cookie` moves into `cookies`; the body stays a stream, which the host
 * streams with `enableHttpStream` and reads whole without.
 */
export function toResponseInit(response: Response): HttpResponseInit {
  const headers: [string, string][] = [];
  for (const [name, value] of response.headers) if (name !== 'set-cookie') headers.push([name, value]);
  // The DOM and node:stream/web declare one ReadableStream twice; at run time they are the same.
  const init: HttpResponseInit = {
    status: response.status,
    headers,
    body: response.body as HttpResponseBodyInit,
  };
  const cookies = parseSetCookie(response, { decodeValues: false, split: false });
  if (cookies.length > 0) init.cookies = cookies.map(toCookie);
  return init;
}

function toCookie(parsed: ParsedCookie): Cookie {
  const { name, value, expires, maxAge, domain, path, secure, httpOnly, sameSite } = parsed;
  const cookie: Cookie = { name, value };
  if (domain !== undefined) cookie.domain = domain;
  if (path !== undefined) cookie.path = path;
  if (expires !== undefined) cookie.expires = expires;
  if (maxAge !== undefined) cookie.maxAge = maxAge;
  if (secure) cookie.secure = true;
  if (httpOnly) cookie.httpOnly = true;
  const site = sameSite?.toLowerCase();
  if (site === 'strict' || site === 'lax' || site === 'none') cookie.sameSite = SAME_SITE[site];
  return cookie;
}

const SAME_SITE = { strict: 'Strict', lax: 'Lax', none: 'None' } as const;
