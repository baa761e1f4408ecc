/** The invocation itself failed (Lambda's `FunctionError`): a crash, a timeout, an oversized response. */
export class LambdaFunctionError extends Error {
  /** Always `LambdaFunctionError`. */
  override readonly name = 'LambdaFunctionError';
  /** Lambda's `FunctionError` value, e.g. `Unhandled`. */
  readonly functionError: string;
  /** e.g. `Error`, `Function.ResponseSizeTooLarge`, `Sandbox.Timedout`. */
  readonly errorType: string;
  /** The stack trace lines Lambda reported, if any. */
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
