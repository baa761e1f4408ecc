import { ADAPTER_PROBLEMS, PROBLEM_HEADERS } from '@csvfn/platform/internal';
import type { CsvValidationError } from '../errors.js';

/** A kind an adapter also answers with itself: its status and title come from one place, so they cannot drift. */
function fromPlatform<K extends 'bad-request' | 'internal'>(
  kind: K,
): { status: (typeof ADAPTER_PROBLEMS)[K]['status']; title: (typeof ADAPTER_PROBLEMS)[K]['title'] } {
  const { status, title } = ADAPTER_PROBLEMS[kind];
  return { status, title };
}

/**
 * RFC 9457 problem details. Every error the function gives is one of these kinds, each with a
 * stable `type` URI (`urn:csvfn:problem:<kind>`), listed in docs/contract.md.
 */
export const PROBLEM_KINDS = {
  'bad-request': fromPlatform('bad-request'),
  'invalid-json': { status: 400, title: 'Body is not valid JSON' },
  'invalid-body': { status: 400, title: 'Body is not an array of objects' },
  'invalid-utf8': { status: 400, title: 'Body is not valid UTF-8' },
  'invalid-gzip': { status: 400, title: 'Body is not valid gzip' },
  'invalid-option': { status: 400, title: 'Invalid query option' },
  unauthorized: { status: 401, title: 'Missing or invalid API key' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'not-acceptable': { status: 406, title: 'Not acceptable' },
  'body-too-large': { status: 413, title: 'Request body too large' },
  'too-many-rows': { status: 413, title: 'Too many rows' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'unsupported-encoding': { status: 415, title: 'Unsupported content encoding' },
  'invalid-rows': { status: 422, title: 'Rows do not match the schema' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: fromPlatform('internal'),
} as const satisfies Record<string, { status: number; title: string }>;

/** Each kind of error the function answers; the problem's `type` is `urn:csvfn:problem:<kind>`. */
export type ProblemKind = keyof typeof PROBLEM_KINDS;

/** The generic 500's detail: the same words whether the core or an adapter answered. */
export const INTERNAL_DETAIL: string = ADAPTER_PROBLEMS.internal.detail;

/** The JSON body of a problem response. */
export interface ProblemDetails {
  /** The kind of error, `urn:csvfn:problem:<kind>`: stable, for programs to test. */
  type: `urn:csvfn:problem:${ProblemKind}`;
  /** The kind's short summary. */
  title: string;
  /** The HTTP status. */
  status: number;
  /** What went wrong with this request. */
  detail: string;
  [extension: string]: unknown;
}

/** A problem raised while handling a request; the handler turns it into its response. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    /** Extension members (RFC 9457 §3.2), e.g. `errors`. */
    readonly extensions: Record<string, unknown> = {},
    /** Headers the answer needs, e.g. `Allow`, `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  get status(): number {
    return PROBLEM_KINDS[this.kind].status;
  }

  toJSON(): ProblemDetails {
    const { status, title } = PROBLEM_KINDS[this.kind];
    return { type: `urn:csvfn:problem:${this.kind}`, title, status, detail: this.detail, ...this.extensions };
  }
}

/** The response for a problem: `application/problem+json`, never cached, never sniffed. */
export function problemResponse(problem: HttpProblem, extraHeaders: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem.toJSON()), {
    status: problem.status,
    headers: {
      ...PROBLEM_HEADERS,
      ...problem.headers,
      ...extraHeaders,
    },
  });
}

/** A 413 for a body with more rows than `maxRows`. */
export function tooManyRows(maxRows: number): HttpProblem {
  return new HttpProblem('too-many-rows', `The body has more than the limit of ${maxRows} rows.`, {
    maxRows,
  });
}

/** A 422 listing the rows that failed the schema. */
export function invalidRows(error: CsvValidationError, detail: string): HttpProblem {
  return new HttpProblem('invalid-rows', detail, { errors: error.issues, errorCount: error.issueCount });
}

/**
 * A value nested so deeply (tens of thousands of levels) that writing it as JSON in a cell runs
 * out of stack: the body's fault, not the server's. JSON.parse itself takes any depth.
 */
export function isTooDeep(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** The 400 for a value {@link isTooDeep}. */
export function tooDeep(): HttpProblem {
  return new HttpProblem('bad-request', 'A value in the body is nested too deeply to be written as CSV.');
}
