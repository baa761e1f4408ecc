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
  for (const name of NAMES) original.set(name, Object.getOwnPropertyDescriptor(globalThis, name)!);
  const lazy = NAMES.every((name) => typeof original.get(name)?.get === 'function');
  if (!lazy) {
    fetchClasses();
    return;
  }
  defineGlobal('Response', classes.Response);
  for (const name of ['Request', 'Headers'] as const) {
    Object.defineProperty(globalThis, name, {
      get: () => fetchClasses()[name],
      set: (value: unknown) => defineGlobal(name, value),
      configurable: true,
      enumerable: false,
    });
  }
  const fetch = globalThis.fetch;
  if (typeof fetch === 'function') {
    // undici's fetch checks `instanceof` against its own Request: let a lean one join it first.
    defineGlobal('fetch', function fetchLoadingClasses(this: unknown, ...args: Parameters<typeof fetch>) {
      fetchClasses();
      return fetch.apply(this, args);
    });
  }
}
