/**
 * Node's Fetch classes, loaded only when something asks for them. On Node 20–24 the globals
 * `Request`, `Response`, `Headers` and `fetch` are lazy: the first touch loads all of undici.
 * {@link installLeanGlobals} puts the lean `Response` in place of the global one and watches the
 * others, so that the lean Request, Response and Headers can join Node's classes (`instanceof`,
 * undici's own checks) the moment undici is loaded, by whatever touched it first.
 */

/** Node's own classes, once loaded. */
export interface FetchClasses {
  Request: typeof Request;
  Response: typeof Response;
  Headers: typeof Headers;
}

const NAMES = ['Request', 'Response', 'Headers'] as const;
const original = new Map<string, PropertyDescriptor>();
const waiting: ((classes: FetchClasses) => void)[] = [];
let loaded: FetchClasses | undefined;
/** Node's own `fetch`, as {@link installLeanGlobals} found it. */
let nodeFetch: typeof fetch | undefined;
/** What the global `Request` is where it is not Node's own ({@link acceptLeanRequests}). */
let globalRequest: typeof Request | undefined;
/** Turns a lean Request into Node's own, where undici refuses the lean one ({@link acceptLeanRequests}). */
let unwrap: ((input: unknown) => unknown) | undefined;
/** The lean classes given to {@link installLeanGlobals}: they join Node's when it is loaded. */
let lean: { Response: object; Headers: { prototype: object } } | undefined;

/** Runs `callback` with Node's classes once they are loaded (at once, if they are). */
export function onFetchLoaded(callback: (classes: FetchClasses) => void): void {
  if (loaded) callback(loaded);
  else waiting.push(callback);
}

/** Node's classes if something has loaded them already; never loads them. */
export function loadedFetchClasses(): FetchClasses | undefined {
  return loaded;
}

/** Loads Node's classes (undici) if nothing has yet, and returns them. */
export function fetchClasses(): FetchClasses {
  if (loaded) return loaded;
  const classes = {} as Record<(typeof NAMES)[number], unknown>;
  for (const name of NAMES) {
    const descriptor = original.get(name) ?? Object.getOwnPropertyDescriptor(globalThis, name);
    // Node's lazy getter loads undici and puts the class on globalThis in its own place.
    classes[name] = descriptor?.get ? descriptor.get.call(globalThis) : descriptor?.value;
  }
  loaded = classes as unknown as FetchClasses;
  if (lean) {
    defineGlobal('Response', lean.Response);
    // From now on `instanceof` holds for the lean ones too (their own members come first).
    Object.setPrototypeOf((lean.Response as { prototype: object }).prototype, loaded.Response.prototype);
    Object.setPrototypeOf(lean.Headers.prototype, loaded.Headers.prototype);
  }
  for (const callback of waiting.splice(0)) callback(loaded);
  return loaded;
}

/** Node's own `Response`, loading undici if needed. */
export function realResponse(): typeof Response {
  return fetchClasses().Response;
}

/** Node's own `Request`, loading undici if needed. */
export function realRequest(): typeof Request {
  return fetchClasses().Request;
}

function defineGlobal(name: string, value: unknown): void {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}

/**
 * Makes `Response` (the lean one) the global one, once per process, and watches `Request`, `Headers`
 * and `fetch` for the first touch that loads undici. Where undici is loaded already, its classes
 * are taken at once; where a global is not Node's (a polyfill), nothing is replaced.
 */
export function installLeanGlobals(classes: { Response: object; Headers: { prototype: object } }): void {
  if (lean) return;
  const response = Object.getOwnPropertyDescriptor(globalThis, 'Response');
  if (!response?.configurable) return;
  lean = classes;
  nodeFetch = globalThis.fetch;
  for (const name of NAMES) original.set(name, Object.getOwnPropertyDescriptor(globalThis, name)!);
  const lazy = NAMES.every((name) => typeof original.get(name)?.get === 'function');
  if (!lazy) {
    fetchClasses();
    return;
  }
  defineGlobal('Response', classes.Response);
  for (const name of ['Request', 'Headers'] as const) {
    Object.defineProperty(globalThis, name, {
      get: name === 'Request' ? watchedRequest : () => fetchClasses()[name],
      set: (value: unknown) => defineGlobal(name, value),
      configurable: true,
      enumerable: false,
    });
  }
  // undici's fetch checks `instanceof` against its own Request: let a lean one join it first.
  wrapFetch();
}

/** The global `Request` while {@link installLeanGlobals} watches it: Node's, or its stand-in. */
function watchedRequest(): typeof Request {
  const classes = fetchClasses();
  return globalRequest ?? classes.Request;
}

/** Puts {@link fetchLoadingClasses} in place of Node's own `fetch`, if that is still the global one. */
function wrapFetch(): void {
  if (typeof nodeFetch === 'function' && globalThis.fetch === nodeFetch)
    defineGlobal('fetch', fetchLoadingClasses);
}

/** Node's `fetch`, once undici is loaded and the lean Request joined it (unwrapped, where it must be). */
function fetchLoadingClasses(this: unknown, ...args: Parameters<typeof fetch>): Promise<Response> {
  fetchClasses();
  if (unwrap && args.length > 0) args[0] = unwrap(args[0]) as RequestInfo;
  return nodeFetch!.apply(this, args);
}

/**
 * Where undici keeps a Request's state in private fields (Node 24), its constructor and `fetch`
 * cannot read a lean Request. Makes the global `Request` a constructor that hands undici the full
 * Request instead (`unwrapRequest` builds it) and is otherwise Node's own (same prototype, same
 * instances, subclasses work), and `fetch` do the same; once per process. Returns that constructor,
 * or `undefined` where a global is not Node's own or ours (a polyfill) and nothing is replaced.
 */
export function acceptLeanRequests(unwrapRequest: (input: unknown) => unknown): typeof Request | undefined {
  if (globalRequest) return globalRequest;
  const { Request: Native } = fetchClasses();
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'Request');
  const watched = descriptor?.get === watchedRequest;
  if (!lean || !descriptor?.configurable || (!watched && descriptor.value !== Native)) return undefined;
  const Constructor = function Request(...args: ConstructorParameters<typeof Native>) {
    if (new.target === undefined)
      throw new TypeError("Class constructor Request cannot be invoked without 'new'");
    if (args.length > 0) args[0] = unwrapRequest(args[0]) as RequestInfo;
    return Reflect.construct(Native, args, new.target);
  } as unknown as typeof Native;
  Object.defineProperty(Constructor, 'length', { value: Native.length });
  Object.defineProperty(Constructor, 'prototype', { value: Native.prototype, writable: false });
  globalRequest = Constructor;
  unwrap = unwrapRequest;
  if (!watched) defineGlobal('Request', Constructor);
  wrapFetch();
  return Constructor;
}
