import { PROBLEM_HEADERS } from './problems.js';

/** Marks a {@link LateProblem} by shape, so two bundled copies of this package still agree. */
const LATE_PROBLEM = Symbol.for('csvfn.lateProblem');

/**
 * What a handler errors its response body with when the client's input turns out bad after the
 * status line is out (a bad NDJSON row past the first 64 KiB, a body over the limit, a gzip bomb):
 * the problem response the request would have had, as status, headers and JSON text. An adapter that
 * still holds the whole response sends this instead of the `200`; one that has sent the `200` cuts
 * the connection. Either way it is the client's fault, not a bug: never logged as a failure.
 */
export class LateProblem extends Error {
  /** Always `LateProblem`. */
  override readonly name = 'LateProblem';
  /** The mark {@link isLateProblem} looks for, shared by every copy of this package. */
  readonly [LATE_PROBLEM] = true;
  constructor(
    /** The problem's HTTP status, e.g. `422`. */
    readonly status: number,
    /** The `application/problem+json` body. */
    readonly body: string,
    /** Headers of the problem response (CORS, `Allow`, …), beside the problem headers. */
    readonly headers: Record<string, string> = {},
  ) {
    super(`The response failed after its status line: ${status}.`);
  }
}

/** Whether an error is a {@link LateProblem}, from any copy of this package. */
export function isLateProblem(error: unknown): error is LateProblem {
  return (
    typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[LATE_PROBLEM] === true
  );
}

/** The response a {@link LateProblem} stands for, with its `Content-Length`. */
export function lateProblemResponse(problem: LateProblem): Response {
  const body = new TextEncoder().encode(problem.body);
  return new Response(body, {
    status: problem.status,
    headers: { ...PROBLEM_HEADERS, ...problem.headers, 'content-length': String(body.byteLength) },
  });
}
