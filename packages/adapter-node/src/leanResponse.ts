/**
 * A `Response` that holds a string or bytes and plain headers, and builds Node's own (undici's)
 * only when something needs more than that: `adapter-node` installs it as the global `Response`,
 * as @hono/node-server does its lightweight one (src/response.ts). On Node 20–24 the first
 * `Request`, `Response` or `Headers` loads all of undici, the largest part of a cold start's CPU:
 * with this, a handler that answers with bytes (every csvfn answer to a JSON body) is written
 * straight to the socket, and undici waits until something else asks for it.
 */

import type { WholeResponse } from '@csvfn/platform/node';
import { loadedFetchClasses, realResponse } from './leanGlobals.js';
import { LeanHeaders } from './leanHeaders.js';

const STATE = Symbol('csvfn.leanResponse');

interface State {
  body: string | Uint8Array | null;
  status: number;
  statusText: string;
  headers: Headers;
  /** Node's Response, once something needed it; from then on every member reads it. */
  full?: Response;
}

type Lean = LeanResponse & { [STATE]: State };

/** Statuses whose response has no body (the Fetch standard's "null body status"). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const REASON_PHRASE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Bodies and header forms the lean Response keeps as they are; anything else is Node's at once. */
function isLeanBody(body: unknown): body is string | Uint8Array | null | undefined {
  return body === null || body === undefined || typeof body === 'string' || body instanceof Uint8Array;
}

function fullOf(lean: Lean): Response {
  const state = lean[STATE];
  state.full ??= new (realResponse())(state.body as BodyInit | null, {
    status: state.status,
    statusText: state.statusText,
    headers: state.headers,
  });
  return state.full;
}

export class LeanResponse {
  declare [STATE]: State;

  constructor(body?: BodyInit | null, init?: ResponseInit) {
    const headersInit = init?.headers;
    if (!isLeanBody(body) || (headersInit !== undefined && typeof headersInit !== 'object')) {
      // biome-ignore lint/correctness/noConstructorReturn: anything else is Node's own Response.
      return new (realResponse())(body, init) as unknown as LeanResponse;
    }
    const status = init?.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599)
      throw new RangeError(`Response: status ${status} is not in the range 200 to 599`);
    const statusText = init?.statusText === undefined ? '' : String(init.statusText);
    if (!REASON_PHRASE.test(statusText)) throw new TypeError('Response: invalid statusText');
    if (body !== null && body !== undefined && NULL_BODY.has(status))
      throw new TypeError(`Response: a ${status} response cannot have a body`);
    const headers = new LeanHeaders(headersInit);
    if (typeof body === 'string' && !headers.has('content-type'))
      headers.set('content-type', 'text/plain;charset=UTF-8');
    this[STATE] = { body: body ?? null, status, statusText, headers };
  }

  get status(): number {
    return this[STATE].status;
  }
  get statusText(): string {
    return this[STATE].statusText;
  }
  get ok(): boolean {
    const { status } = this[STATE];
    return status >= 200 && status <= 299;
  }
  get headers(): Headers {
    const state = this[STATE];
    return state.full?.headers ?? state.headers;
  }
  get type(): ResponseType {
    return 'default';
  }
  get url(): string {
    return '';
  }
  get redirected(): boolean {
    return false;
  }
  get body(): ReadableStream<Uint8Array> | null {
    return fullOf(this as Lean).body;
  }
  get bodyUsed(): boolean {
    return this[STATE].full?.bodyUsed ?? false;
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return fullOf(this as Lean).arrayBuffer();
  }
  blob(): Promise<Blob> {
    return fullOf(this as Lean).blob();
  }
  bytes(): Promise<Uint8Array> {
    return fullOf(this as Lean).bytes();
  }
  formData(): Promise<FormData> {
    return fullOf(this as Lean).formData();
  }
  json(): Promise<unknown> {
    return fullOf(this as Lean).json();
  }
  text(): Promise<string> {
    return fullOf(this as Lean).text();
  }
  clone(): Response {
    return fullOf(this as Lean).clone();
  }

  static json(data: unknown, init?: ResponseInit): Response {
    return realResponse().json(data, init);
  }
  static error(): Response {
    return realResponse().error();
  }
  static redirect(url: string | URL, status?: number): Response {
    return realResponse().redirect(url, status);
  }

  /** A lean Response, or Node's own. */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const full = loadedFetchClasses()?.Response;
    return STATE in value || (full !== undefined && value instanceof full);
  }

  get [Symbol.toStringTag](): string {
    return 'Response';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): object {
    const { status, statusText, headers, body } = this[STATE];
    return { status, statusText, headers: Object.fromEntries(headers), body };
  }
}

/**
 * The parts of a lean Response nobody has asked more of: its status, headers and whole body, to
 * write as they are. `undefined` for any other Response (write it from its body stream).
 */
export function leanParts(response: Response): WholeResponse | undefined {
  const state = (response as unknown as Partial<Lean>)[STATE];
  if (!state || state.full) return undefined;
  return state;
}

/** The byte length of a lean Response's body (`undefined` for any other Response). */
export function leanLength(response: Response): number | undefined {
  const body = leanParts(response)?.body;
  if (body === undefined) return undefined;
  return body === null ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}
