/** Cross-origin access for browsers, off unless configured. */
export interface CorsOptions {
  /** Origins allowed to call the function, e.g. `['https://app.example.com']`, or `'*'` for any. */
  origins: readonly string[] | '*';
  /** How long a browser may cache the preflight answer, in seconds. Default 600. */
  maxAge?: number;
}

const ALLOW_HEADERS = 'Accept, Authorization, Content-Encoding, Content-Type';
const EXPOSE_HEADERS = 'Content-Disposition, Retry-After, Server-Timing';

/** The CORS headers for a response to `origin`; none when CORS is off or the origin is not allowed. */
export function corsHeaders(
  cors: CorsOptions | undefined,
  origin: string | null,
  preflight: boolean,
): Record<string, string> {
  // An empty Origin is no origin: some runtimes drop empty header values before the handler runs.
  if (!cors || !origin) return {};
  const any = cors.origins === '*';
  if (!any && !cors.origins.includes(origin)) return { Vary: 'Origin' };
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': any ? '*' : origin,
    'Access-Control-Expose-Headers': EXPOSE_HEADERS,
  };
  if (!any) headers.Vary = 'Origin';
  if (preflight) {
    headers['Access-Control-Allow-Methods'] = 'POST, OPTIONS';
    headers['Access-Control-Allow-Headers'] = ALLOW_HEADERS;
    headers['Access-Control-Max-Age'] = String(cors.maxAge ?? 600);
  }
  return headers;
}
