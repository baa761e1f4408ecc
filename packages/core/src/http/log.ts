/**
 * One structured line per request. Never holds body content, header values, the URL or secrets:
 * only ids, counts, durations, the status and the problem type.
 */
export interface RequestLog {
  /** `error` for a 5xx answer, `info` otherwise. */
  level: 'info' | 'error';
  /** Always `request`: one line per request. */
  msg: 'request';
  /** The request's id (the platform's, or a fresh UUID), also in a `500`'s body to quote. */
  requestId: string;
  /** Where it ran, from the adapter (`node`, `lambda`, `workers`, …). */
  provider: string;
  /** The request method. */
  method: string;
  /** The HTTP status answered. */
  status: number;
  /** Rows converted (or checked, for a 422). */
  rows?: number;
  /** Body bytes read, as received (before decompression). */
  bytesIn?: number;
  /** CSV bytes sent. */
  bytesOut?: number;
  /**
   * Milliseconds from the request to the answer; for a streamed (NDJSON) answer, to the end of its
   * body, since the line is written only then, with the final counts. (Where the adapter reports
   * when an answer went out, Node's and the hosts built on it, a whole answer's line is written
   * then too, but its duration is still to the answer.)
   */
  durationMs: number;
  /** `true` on the first request an instance serves. */
  coldStart: boolean;
  /**
   * The problem `type` of an error answer, or of the error that cut a streamed answer short after
   * its `200` had gone out.
   */
  problem?: string;
  /**
   * The answer did not complete: the client went away (no `problem`), or a streamed body failed
   * after the `200` went out (`problem` says why; `status` stays the `200` that was sent). A whole
   * answer is marked where the adapter reports when it went out (Node's and the hosts built on it).
   */
  aborted?: boolean;
  /** For a 500: the error's name and message, for the operator (never sent to the client). */
  error?: string;
}

/** Receives one {@link RequestLog} per request (`HandlerOptions.logger`; `false` turns logging off). */
export type Logger = (entry: RequestLog) => void;

/** Default: one JSON line on stdout (console), which every platform collects. */
export const consoleLogger: Logger = (entry) => {
  console.log(JSON.stringify(entry));
};

/** An unexpected error's message is logged for the operator, cut to this length. */
const MAX_LOGGED_ERROR = 500;

/** What the operator's log says of an unexpected error: its name and message, cut short (never its stack). */
export function describeFailure(failure: unknown): string {
  const text = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
  return text.length > MAX_LOGGED_ERROR ? `${text.slice(0, MAX_LOGGED_ERROR)}…` : text;
}
