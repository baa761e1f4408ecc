import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import {
  abortOnDisconnect,
  type IncomingMessageToRequestOptions,
  incomingMessageToRequest,
  requestUrl,
  toHeaders,
} from './incomingMessageToRequest.js';
import { acceptLeanRequests, onFetchLoaded, realRequest } from './leanGlobals.js';
import { LeanHeaders } from './leanHeaders.js';
import { isUnread, readIncoming, resolveRequestBody } from './requestBody.js';

/*
 * A `Request` whose common parts (method, URL, headers, signal, the body stream) are plain fields
 * built on first use, and whose full Fetch object is built only when something else is touched
 * (`clone()`, `text()`, `cache`, …). The idea is @hono/node-server's lightweight Request
 * (src/request.ts): undici's constructor, which copies the headers and wraps the body once more,
 * was about a twentieth of a 1,000-row request's CPU in the profile.
 */

const FIELDS = Symbol('csvfn.leanRequest');

interface Fields {
  req: IncomingMessage;
  res: ServerResponse | undefined;
  options: IncomingMessageToRequestOptions;
  method: string;
  url?: string;
  headers?: Headers;
  signal?: AbortSignal;
  /** The body as given out: `null` for GET/HEAD, undefined until asked for. */
  body?: ReadableStream<Uint8Array> | null;
  /** The full Request, once something needed it. */
  full?: Request;
  /** The body was read straight from the socket ({@link readLeanBody}). */
  used?: boolean;
}

type Lean = Request & { [FIELDS]: Fields };

/** The methods a `Request` reads its body with: they use the full Request, on an unused body only. */
const BODY_READERS = new Set(['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text']);

const leanPrototype: PropertyDescriptorMap = {
  method: {
    get(this: Lean) {
      return this[FIELDS].method;
    },
  },
  url: {
    get(this: Lean) {
      const fields = this[FIELDS];
      fields.url ??= requestUrl(fields.req, fields.options.trustProxy === true);
      return fields.url;
    },
  },
  headers: {
    get(this: Lean) {
      const fields = this[FIELDS];
      fields.headers ??= headersOf(fields);
      return fields.headers;
    },
  },
  signal: {
    get(this: Lean) {
      const fields = this[FIELDS];
      fields.signal ??= fields.full?.signal ?? abortOnDisconnect(fields.req, fields.res);
      return fields.signal;
    },
  },
  body: {
    get(this: Lean) {
      const fields = this[FIELDS];
      // The stream handed out stays the body, whatever the full Request was built with.
      if (fields.body !== undefined) return fields.body;
      if (fields.full) return fields.full.body;
      if (fields.used) fields.body = consumedStream();
      else bodyOf(fields);
      return fields.body;
    },
  },
  bodyUsed: {
    get(this: Lean) {
      const fields = this[FIELDS];
      if (fields.used) return true;
      if (fields.body !== undefined) return isDisturbed(fields.body);
      return fields.full?.bodyUsed ?? false;
    },
  },
};

/**
 * Builds the full Request from what the lean one has handed out so far, keeping the same body
 * stream. A body read already (from the socket, or by whoever holds its stream) is unusable in
 * the full Request too, as natively: `new Request(request)`, `clone()` and `text()` refuse it.
 */
function full(lean: Lean): Request {
  const fields = lean[FIELDS];
  if (fields.full) return fields.full;
  if (!fields.used && fields.body === undefined && fields.url === undefined && fields.headers === undefined) {
    // Nothing handed out yet: the plain conversion, re-encoded body included.
    fields.full = incomingMessageToRequest(fields.req, fields.res, fields.options);
    return fields.full;
  }
  const body = fields.used ? undefined : lean.body;
  const read = fields.used || isDisturbed(body);
  // A stream someone is reading cannot go into a new Request: a stand-in, locked (and read) as it is.
  const standIn = read || body?.locked ? emptyStream() : undefined;
  const init: RequestInit & { duplex: 'half' } = {
    method: fields.method,
    headers: lean.headers,
    body: standIn ?? body ?? null,
    signal: lean.signal,
    duplex: 'half',
  };
  fields.full = new (realRequest())(lean.url, init);
  if (standIn) settle(standIn, read);
  return fields.full;
}

/** Request's other members, forwarded to the full Request (Node's own list is added once loaded). */
const FORWARDED_GETTERS = [
  'cache',
  'credentials',
  'destination',
  'duplex',
  'integrity',
  'isHistoryNavigation',
  'isReloadNavigation',
  'keepalive',
  'mode',
  'redirect',
  'referrer',
  'referrerPolicy',
];
const FORWARDED_METHODS = ['arrayBuffer', 'blob', 'bytes', 'clone', 'formData', 'json', 'text'];

function forwardMethod(name: string): PropertyDescriptor {
  const reader = BODY_READERS.has(name);
  return {
    value(this: Lean, ...args: unknown[]) {
      const fields = this[FIELDS];
      if (
        reader &&
        !fields.full &&
        (fields.used || (fields.body && (fields.body.locked || isDisturbed(fields.body))))
      )
        return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
      const target = full(this) as unknown as Record<string, (...a: unknown[]) => unknown>;
      return target[name]!(...args);
    },
  };
}

function forwardGetter(name: string | symbol): PropertyDescriptor {
  return {
    get(this: Lean) {
      return (full(this) as unknown as Record<string | symbol, unknown>)[name];
    },
  };
}

for (const name of FORWARDED_GETTERS) leanPrototype[name] = forwardGetter(name);
for (const name of FORWARDED_METHODS) leanPrototype[name] = forwardMethod(name);
leanPrototype[Symbol.toStringTag] = { get: () => 'Request' };

/**
 * The lean prototype. It joins Node's `Request.prototype` (so `instanceof Request` holds) when
 * undici is loaded, by whatever loads it first: touching `Request` before that would load undici
 * (the largest part of a cold start's CPU in the profile) before anything needs it.
 */
const LEAN_PROTOTYPE: object = Object.create(Object.prototype, leanPrototype);

/**
 * Whether lean Requests can be handed out. undici's `Request` and `fetch` take a Request's state
 * from the instance: on Node 20 and 22 from symbol-keyed fields, which the lean prototype forwards
 * to the full Request; on Node 24 from private fields (`#state`), which no other object can have.
 * There the global `Request` and `fetch` become ones that hand undici the full Request
 * ({@link acceptLeanRequests}). Checked once undici is loaded; where neither works (a global
 * `Request` that is not Node's), every later request is built in full.
 */
let leanWorks = true;
let joining = false;

/**
 * Lets lean Requests join Node's `Request` once undici is loaded: at once where it is (Node 24
 * loads it with node:http), so that the globals are in place before the first request.
 */
export function joinWhenLoaded(): void {
  if (joining) return;
  joining = true;
  onFetchLoaded(joinNodeRequest);
}

function joinNodeRequest({ Request: Full }: { Request: typeof Request }): void {
  // Every other member of Node's Request.prototype goes to the full Request.
  for (const name of Reflect.ownKeys(Full.prototype)) {
    if (name === 'constructor' || typeof name !== 'string' || Object.hasOwn(LEAN_PROTOTYPE, name)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(Full.prototype, name)!;
    if (typeof descriptor.value === 'function')
      Object.defineProperty(LEAN_PROTOTYPE, name, forwardMethod(name));
    else if (descriptor.get) Object.defineProperty(LEAN_PROTOTYPE, name, forwardGetter(name));
  }
  const sample = new Full('http://localhost/', { method: 'POST', body: 'x' });
  for (const symbol of Object.getOwnPropertySymbols(sample))
    Object.defineProperty(LEAN_PROTOTYPE, symbol, forwardGetter(symbol));
  Object.setPrototypeOf(LEAN_PROTOTYPE, Full.prototype);
  if (takesLean(Full)) return;
  const Global = acceptLeanRequests(unwrapLean);
  leanWorks = Global !== undefined && takesLean(Global);
  // `new request.constructor(request)` reaches the constructor that takes a lean Request.
  if (leanWorks) Object.defineProperty(LEAN_PROTOTYPE, 'constructor', { value: Global, writable: true });
}

/** Whether `Constructor` builds a Request from a lean one. */
function takesLean(Constructor: typeof Request): boolean {
  try {
    const probe = Object.create(LEAN_PROTOTYPE) as Lean;
    probe[FIELDS] = {
      method: 'PUT',
      full: new Constructor('http://localhost/p', { method: 'PUT' }),
    } as Fields;
    const copy = new Constructor(probe);
    return copy.method === 'PUT' && copy.url === 'http://localhost/p';
  } catch {
    return false;
  }
}

/** A lean Request as undici's own (built now if it was not), anything else as it is. */
function unwrapLean(input: unknown): unknown {
  return typeof input === 'object' && input !== null && FIELDS in input ? full(input as Lean) : input;
}

/**
 * Node's request as a `Request` that builds only what the handler reads (`instanceof Request`
 * holds once anything has loaded Node's Fetch classes). Same URL, headers, body and signal rules
 * as {@link incomingMessageToRequest}.
 *
 * @throws TypeError for methods the Fetch API refuses (`CONNECT`, `TRACE`, `TRACK`).
 */
export function leanRequest(
  req: IncomingMessage,
  res: ServerResponse | undefined,
  options: IncomingMessageToRequestOptions,
): Request {
  const method = req.method ?? 'GET';
  joinWhenLoaded();
  if (!leanWorks || !SAFE_METHODS.has(method)) return incomingMessageToRequest(req, res, options);
  const lean = Object.create(LEAN_PROTOTYPE) as Lean;
  lean[FIELDS] = { req, res, options, method };
  return lean;
}

/**
 * The body of a lean request read straight from the socket (`PlatformInfo.readBody`), where it is
 * still there and nothing has been handed out: no web stream, no undici. `undefined` otherwise.
 */
export function readLeanBody(request: Request, maxBytes: number): Promise<Uint8Array> | undefined {
  const fields = (request as Partial<Lean>)[FIELDS];
  if (!fields || fields.full || fields.used || fields.body !== undefined) return undefined;
  if (fields.method === 'GET' || fields.method === 'HEAD' || !isUnread(fields.req)) return undefined;
  fields.used = true;
  return readIncoming(fields.req, maxBytes);
}

/** The body stream once the socket was read directly: read to its end and locked, as natively. */
function consumedStream(): ReadableStream<Uint8Array> {
  return settle(emptyStream(), true);
}

/** Locks an empty stand-in body as a body in use is, and reads it to its end where it was `read`. */
function settle(stream: ReadableStream<Uint8Array>, read: boolean): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  if (read) reader.read().catch(() => {});
  return stream;
}

function emptyStream(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({ start: (controller) => controller.close() });
}

/** Methods Node hands over in their canonical form, which the Fetch API takes as they are. */
const SAFE_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);

function bodyOf(fields: Fields): void {
  const { body, reserialized } = resolveRequestBody(fields.req);
  if (reserialized && body instanceof Uint8Array) {
    fields.headers ??= headersOf(fields);
    const { headers } = fields;
    headers.delete('content-encoding');
    headers.delete('transfer-encoding');
    headers.set('content-length', String(body.byteLength));
  }
  fields.body = body instanceof Uint8Array ? bytesStream(body) : body;
}

function headersOf(fields: Fields): Headers {
  const headers = toHeaders(fields.req.rawHeaders, new LeanHeaders());
  // A body someone else read is re-encoded, and its headers follow the new bytes: resolve it now.
  const { req } = fields;
  const readElsewhere = req.readableDidRead || req.readableEnded || req.destroyed;
  if (readElsewhere && fields.body === undefined && fields.method !== 'GET' && fields.method !== 'HEAD') {
    fields.headers = headers;
    bodyOf(fields);
  }
  return headers;
}

function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** Whether a stream has been read from or cancelled (what makes a Fetch body "used"). */
function isDisturbed(body: ReadableStream | null | undefined): boolean {
  return body ? Readable.isDisturbed(body as unknown as NodeJS.ReadableStream) : false;
}
