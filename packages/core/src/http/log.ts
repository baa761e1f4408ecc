/** One structured line per request. Never holds body content or secrets. */
export interface RequestLog {
  level: 'info' | 'error';
  msg: 'request';
  requestId: string;
  provider: string;
  method: string;
  status: number;
  /** Rows converted (or checked, for a 422). */
  rows?: number;
  /** Body bytes read, after decompression. */
  bytesIn?: number;
  /** CSV bytes written, when known before the response starts. */
  bytesOut?: number;
  durationMs: number;
  /** `true` on the first request an instance serves. */
  coldStart: boolean;
  /** The problem `type` of an error answer. */
  problem?: string;
  /** For a 500: the error's name and message, for the operator (never sent to the client). */
  error?: string;
}

export type Logger = (entry: RequestLog) => void;

/** Default: one JSON line on stdout (console), which every platform collects. */
export const consoleLogger: Logger = (entry) => {
  console.log(JSON.stringify(entry));
};
