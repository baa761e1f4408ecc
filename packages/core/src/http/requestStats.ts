/** Per-request facts for the log line, filled in as the request is answered. */
export interface Stats {
  rows?: number;
  bytesIn?: number;
  bytesOut?: number;
  /** Set for a streamed answer: settles when its body has ended, failed or been cancelled. */
  streamed?: Promise<StreamOutcome>;
}

/** How a streamed body ended: `error` if it failed, `aborted` if the client went away. */
export interface StreamOutcome {
  error?: unknown;
  aborted?: boolean;
}

/**
 * The request with its body bytes counted into `stats.bytesIn` as they are read (before
 * decompression). The runtime's body is locked only once the handler reads it, and released when
 * it ends or the copy is cancelled: an answer that never reads it (a 415, a 401) leaves it
 * unlocked for the runtime to drain, which `wrangler dev` needs to answer the next request.
 *
 * What comes back is a view of `request` (`instanceof Request` holds): its own `body` is the
 * counting stream, every other field is the runtime's request's own. Only reading the body through
 * a method (`text()`, `clone()`, …) builds a full `Request` around it: building one per request
 * (a second parse of the URL, a copy of the headers, a second abort signal) was a twentieth of a
 * 1,000-row request's CPU on Node.
 */
export function countBytesIn(request: Request, stats: Stats): Request {
  const source = request.body;
  if (!source || source.locked || request.method !== 'POST') return request;
  stats.bytesIn = 0;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const view = Object.create(viewPrototypeOf()) as View;
  // The body is set just below: its callbacks mark the state.
  const state = { request, disturbed: false } as ViewState;
  // Pulls from the client only when the handler reads: no read-ahead past a limit.
  state.body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        state.disturbed = true;
        reader ??= source.getReader();
        const { done, value } = await reader.read();
        if (done) {
          reader.releaseLock();
          return controller.close();
        }
        stats.bytesIn! += value.byteLength;
        controller.enqueue(value);
      },
      // Released, not cancelled: the runtime drains or drops the rest itself, as after an answer
      // that never read it. Cancelling it made `wrangler dev` answer the next request 503.
      cancel() {
        state.disturbed = true;
        reader?.releaseLock();
      },
    },
    { highWaterMark: 0 },
  );
  view[STATE] = state;
  return view;
}

/** The runtime's request behind a view from {@link countBytesIn} (the request itself otherwise). */
export function originalRequest(request: Request): Request {
  return (request as Partial<View>)[STATE]?.request ?? request;
}

const STATE = Symbol('csvfn.countedRequest');

interface ViewState {
  request: Request;
  body: ReadableStream<Uint8Array>;
  /** Read from or cancelled: what makes a Fetch body "used". */
  disturbed: boolean;
  /** The full Request around the counting body, once a method needed one. */
  full?: Request;
}

type View = Request & { [STATE]: ViewState };

/** Members that consume or copy the body: the full Request answers them. */
const BODY_METHODS = new Set(['arrayBuffer', 'blob', 'bytes', 'clone', 'formData', 'json', 'text']);

function fullRequest(state: ViewState): Request {
  if (!state.full) {
    const { request, body } = state;
    state.full = new Request(request.url, {
      method: request.method,
      headers: request.headers,
      // A body someone is reading cannot go into a new Request: it is unusable there, as natively.
      body: body.locked ? null : body,
      signal: request.signal,
      duplex: 'half',
    } as RequestInit);
  }
  return state.full;
}

/**
 * Built on the first request, from the runtime's own `Request.prototype`: touching `Request` at
 * import would load it (undici, on Node) before anything needs it.
 */
let VIEW_PROTOTYPE: object | undefined;
function viewPrototypeOf(): object {
  if (VIEW_PROTOTYPE) return VIEW_PROTOTYPE;
  const members: PropertyDescriptorMap = {
    body: {
      get(this: View) {
        const state = this[STATE];
        return state.full ? state.full.body : state.body;
      },
    },
    bodyUsed: {
      get(this: View) {
        const state = this[STATE];
        return state.full ? state.full.bodyUsed : state.disturbed;
      },
    },
  };
  // Up the chain: edge-runtime's Request (Vercel's Edge runtime) is an empty subclass whose
  // members all live on its parent's prototype. The nearest definition of a name wins.
  const owners: object[] = [];
  for (let owner: object | null = Request.prototype; owner && owner !== Object.prototype; ) {
    owners.push(owner);
    owner = Object.getPrototypeOf(owner) as object | null;
  }
  for (const [owner, name] of owners.flatMap((owner) =>
    Reflect.ownKeys(owner).map((name) => [owner, name] as const),
  )) {
    if (name === 'constructor' || typeof name !== 'string' || name in members) continue;
    const descriptor = Object.getOwnPropertyDescriptor(owner, name)!;
    if (typeof descriptor.value === 'function') {
      const method = name;
      members[method] = {
        value(this: View, ...args: unknown[]) {
          const state = this[STATE];
          if (BODY_METHODS.has(method) && !state.full && (state.disturbed || state.body.locked)) {
            const error = new TypeError('Body is unusable: Body has already been read');
            // clone() throws, the readers reject, as a native Request's do.
            if (method === 'clone') throw error;
            return Promise.reject(error);
          }
          const target = (BODY_METHODS.has(method) ? fullRequest(state) : state.request) as unknown as Record<
            string,
            (...a: unknown[]) => unknown
          >;
          return target[method]!(...args);
        },
      };
    } else if (descriptor.get) {
      // Everything else about the request (method, url, headers, signal, …) is the runtime's own.
      members[name] = {
        get(this: View) {
          return (this[STATE].request as unknown as Record<string, unknown>)[name];
        },
      };
    }
  }
  VIEW_PROTOTYPE = Object.create(Request.prototype, members) as object;
  return VIEW_PROTOTYPE;
}
