/** An RFC 9457 problem, as csvfn answers every error. */
export interface Problem {
  /** The kind of error, `urn:csvfn:problem:<kind>`. */
  type: string;
  /** A short summary of the kind. */
  title?: string;
  /** The HTTP status. */
  status: number;
  /** What went wrong with this request. */
  detail?: string;
  [member: string]: unknown;
}

/** The function answered with an HTTP error; `problem` is its problem+json body. */
export class ProblemError extends Error {
  /** Always `ProblemError`. */
  override readonly name = 'ProblemError';
  /** The problem+json body the function answered. */
  readonly problem: Problem;
  /** Its HTTP status. */
  readonly status: number;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.problem = problem;
    this.status = problem.status;
  }
}
