import { requestHost, UntranslatableRequest } from '@csvfn/platform';

/** What an event processor extracts; {@link createRequest} does the rest the same way for all. */
export interface RequestParts {
  method: string;
  host: string | undefined;
  path: string;
  /** Percent-encoded, without `?`. */
  query: string;
  /** Lower-case name -> values in arrival order. */
  headers: Map<string, string[]>;
  body: string | null | undefined;
  isBase64Encoded: boolean | undefined;
}

/** Collects header values under lower-case names, so `Content-Type` and `content-type` merge. */
export function addHeader(headers: Map<string, string[]>, name: string, value: string | undefined): void {
  if (value === undefined || value === null) return;
  const key = name.toLowerCase();
  const values = headers.get(key);
  if (values) values.push(value);
  else headers.set(key, [value]);
}

/**
 * Builds the Request a handler sees. The body is decoded here once, and `Content-Length` is set
 * from the decoded bytes: a client cannot slip past a body limit by understating it.
 *
 * @throws UntranslatableRequest for a header value, method or URL the Fetch API refuses.
 */
export function createRequest(parts: RequestParts): Request {
  const headers = new Headers();
  for (const [name, values] of parts.headers) {
    if (name === 'content-length' || name === 'transfer-encoding') continue;
    // Repeated Cookie headers are one list separated by `; ` (RFC 6265), all others by `, `.
    const value = values.join(name === 'cookie' ? '; ' : ', ');
    if (/[^\x00-\x7f]/.test(value))
      throw new UntranslatableRequest(`Header "${name}" has a non-ASCII value.`);
    try {
      headers.set(name, value);
    } catch {
      throw new UntranslatableRequest(`Header "${name}" is not a valid HTTP header.`);
    }
  }
  const method = parts.method.toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const body = hasBody ? eventBody(parts.body, parts.isBase64Encoded) : undefined;
  if (hasBody) headers.set('content-length', String(body?.byteLength ?? 0));

  const host = requestHost(parts.host);
  // The path is appended after the authority, so `//evil.example/` cannot become the host.
  const path = (parts.path.startsWith('/') ? parts.path : `/${parts.path}`).replace(
    /[?#]/g,
    encodeURIComponent,
  );
  try {
    return new Request(`https://${host}${path}${parts.query ? `?${parts.query}` : ''}`, {
      method,
      headers,
      body,
    });
  } catch {
    throw new UntranslatableRequest();
  }
}

/** The event's body as bytes, decoded once; `undefined` when there is none. */
function eventBody(
  body: string | null | undefined,
  isBase64Encoded: boolean | undefined,
): Uint8Array<ArrayBuffer> | undefined {
  if (!body) return undefined;
  if (isBase64Encoded) return Buffer.from(body, 'base64') as Uint8Array<ArrayBuffer>;
  return new TextEncoder().encode(body);
}
