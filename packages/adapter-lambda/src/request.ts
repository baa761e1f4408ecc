import { type BodyHabit, eventBody, readsAsText } from './requestBody.js';

/** A request the front door let through but the Fetch API cannot represent: answered 400. */
export class BadRequestError extends Error {}

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

const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

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
 * from the decoded bytes: a client cannot slip past a body limit by understating it. A text body
 * is a byte stream (`duplex: 'half'`) of the event's string encoded, up front or when read (`habit`).
 */
export function createRequest(parts: RequestParts, habit?: BodyHabit): Request {
  const headers = new Headers();
  for (const [name, values] of parts.headers) {
    if (name === 'content-length' || name === 'transfer-encoding') continue;
    // Repeated Cookie headers are one list separated by `; ` (RFC 6265), all others by `, `.
    const value = values.join(name === 'cookie' ? '; ' : ', ');
    if (/[^\x00-\x7f]/.test(value)) throw new BadRequestError(`Header "${name}" has a non-ASCII value.`);
    try {
      headers.set(name, value);
    } catch {
      throw new BadRequestError(`Header "${name}" is not a valid HTTP header.`);
    }
  }
  const method = parts.method.toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const body = hasBody ? eventBody(parts.body, parts.isBase64Encoded, habit) : undefined;
  if (hasBody) headers.set('content-length', String(body?.byteLength ?? 0));

  const host = parts.host && HOST.test(parts.host) ? parts.host : 'localhost';
  // The path is appended after the authority, so `//evil.example/` cannot become the host.
  const path = (parts.path.startsWith('/') ? parts.path : `/${parts.path}`).replace(
    /[?#]/g,
    encodeURIComponent,
  );
  let request: Request;
  try {
    request = new Request(`https://${host}${path}${parts.query ? `?${parts.query}` : ''}`, {
      method,
      headers,
      body: body?.body,
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    throw new BadRequestError(error instanceof Error ? error.message : 'Malformed request.');
  }
  if (body?.text !== undefined) readsAsText(request, body.text);
  return request;
}
