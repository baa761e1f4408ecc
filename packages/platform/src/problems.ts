/**
 * The few RFC 9457 problems an adapter responds with itself, before or instead of the handler. Titles match
 * the core's, so a client cannot tell which layer answered. `@csvfn/core` builds its own kinds on
 * top of these.
 */
export const ADAPTER_PROBLEMS = {
  'bad-request': { status: 400, title: 'Bad request', detail: 'The request is not valid HTTP.' },
  'request-timeout': {
    status: 408,
    title: 'Request timeout',
    detail: 'The request was not received in time.',
  },
  'expectation-failed': {
    status: 417,
    title: 'Expectation failed',
    detail: 'The Expect header cannot be met; only "100-continue" is supported.',
  },
  'headers-too-large': {
    status: 431,
    title: 'Request headers too large',
    detail: 'The request headers are too large.',
  },
  'response-too-large': {
    status: 413,
    title: 'Response too large',
    detail: 'The answer is larger than the platform delivers.',
  },
  internal: { status: 500, title: 'Internal Server Error', detail: 'An unexpected error occurred.' },
  'not-implemented': { status: 501, title: 'Not implemented', detail: 'This method is not supported.' },
} as const satisfies Record<string, { status: number; title: string; detail: string }>;

/** Each problem an adapter answers by itself, before or around the handler. */
export type AdapterProblemKind = keyof typeof ADAPTER_PROBLEMS;

/** Headers every problem response carries: never cached, never sniffed. */
export const PROBLEM_HEADERS = {
  'content-type': 'application/problem+json',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** The JSON text of an adapter's problem; `detail` overrides the kind's default one. */
export function problemJson(kind: AdapterProblemKind, detail?: string): string {
  const { status, title } = ADAPTER_PROBLEMS[kind];
  return JSON.stringify({
    type: `urn:csvfn:problem:${kind}`,
    title,
    status,
    detail: detail ?? ADAPTER_PROBLEMS[kind].detail,
  });
}

/** An adapter's problem as a `Response`, with its `Content-Length` so no runtime chunks it. */
export function problemResponse(kind: AdapterProblemKind, detail?: string): Response {
  const body = new TextEncoder().encode(problemJson(kind, detail));
  return new Response(body, {
    status: ADAPTER_PROBLEMS[kind].status,
    headers: { ...PROBLEM_HEADERS, 'content-length': String(body.byteLength) },
  });
}
