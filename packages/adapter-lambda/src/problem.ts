const INTERNAL = {
  type: 'urn:csvfn:problem:internal',
  title: 'Internal Server Error',
  status: 500,
  detail: 'An unexpected error occurred.',
};

/** The only errors the adapter itself answers (RFC 9457), everything else is the handler's. */
export function problemResponse(kind: 'bad-request' | 'internal', detail?: string): Response {
  const problem =
    kind === 'internal'
      ? INTERNAL
      : { type: 'urn:csvfn:problem:bad-request', title: 'Bad Request', status: 400, detail };
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: {
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
