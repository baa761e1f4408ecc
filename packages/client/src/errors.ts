/** An RFC 9457 problem, as csvfn answers every error. */
export interface Problem {
  type: string;
  title?: string;
  status: number;
  detail?: string;
  [member: string]: unknown;
}

/** The function answered with an HTTP error; `problem` is its problem+json body. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly problem: Problem;
  readonly status: number;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.problem = problem;
    this.status = problem.status;
  }
}

/** The invocation itself failed (Lambda's `FunctionError`): a crash, a timeout, an oversized response. */
export class LambdaFunctionError extends Error {
  override readonly name = 'LambdaFunctionError';
  /** Lambda's `FunctionError` value, e.g. `Unhandled`. */
  readonly functionError: string;
  /** e.g. `Error`, `Function.ResponseSizeTooLarge`, `Sandbox.Timedout`. */
  readonly errorType: string;
  readonly trace: string[] | undefined;

  constructor(
    functionError: string,
    payload: { errorType?: string; errorMessage?: string; trace?: string[] },
  ) {
    super(payload.errorMessage ?? functionError);
    this.functionError = functionError;
    this.errorType = payload.errorType ?? functionError;
    this.trace = payload.trace;
  }
}
