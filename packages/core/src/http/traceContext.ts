import type { TelemetryContext } from './openTelemetry.js';

/**
 * The caller's trace, as a parent `Context` for the request's span, without importing the API.
 *
 * The API shares its registered globals between its copies under `Symbol.for('opentelemetry.js.api.1')`,
 * and makes its context keys with `Symbol.for(description)` for the same reason: reading them is
 * how a second copy of the API itself finds them. So a propagator the application registered (the
 * SDK registers W3C trace context and baggage by default) extracts the parent; without one, the W3C
 * `traceparent`/`tracestate` headers are read here.
 */
export function parentContext(headers: Headers): TelemetryContext | undefined {
  const api = (globalThis as Record<symbol, RegisteredApi | undefined>)[Symbol.for('opentelemetry.js.api.1')];
  if (api?.propagation) return api.propagation.extract(api.context?.active() ?? ROOT, headers, HEADER_GETTER);
  const match = TRACEPARENT.exec(headers.get('traceparent') ?? '');
  if (!match || (match[1] === '00' && match[5])) return undefined;
  const state = headers.get('tracestate');
  const spanContext = {
    traceId: match[2],
    spanId: match[3],
    traceFlags: Number.parseInt(match[4]!, 16),
    isRemote: true,
    traceState: state ? traceState(state.split(',').map((member) => member.trim())) : undefined,
  };
  // The shape of the API's NonRecordingSpan, which is all the SDK asks of a parent.
  return withSpan(ROOT, { spanContext: () => spanContext });
}

/** `context` (or an empty one) with `span` as its span: the parent of the request's step spans. */
export function withSpan(context: TelemetryContext | undefined, span: unknown): TelemetryContext {
  return (context ?? ROOT).setValue(Symbol.for('OpenTelemetry Context Key SPAN'), span);
}

interface RegisteredApi {
  context?: { active(): TelemetryContext };
  propagation?: {
    extract(context: TelemetryContext, carrier: Headers, getter: typeof HEADER_GETTER): TelemetryContext;
  };
}

const HEADER_GETTER = {
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
  keys: (headers: Headers) => [...headers.keys()],
};

/** The W3C Trace Context `traceparent`: version (never `ff`), trace id, parent id, flags; ids never all zero. */
const TRACEPARENT =
  /^\s?((?!ff)[\da-f]{2})-((?!0{32})[\da-f]{32})-((?!0{16})[\da-f]{16})-([\da-f]{2})(-.*)?\s?$/;

/** An immutable `Context`, as the API's `ROOT_CONTEXT` is. */
function mapContext(values: Map<symbol, unknown>): TelemetryContext {
  const changed = (key: symbol, value?: unknown) => {
    const next = new Map(values);
    if (value === undefined) next.delete(key);
    else next.set(key, value);
    return mapContext(next);
  };
  return { getValue: (key) => values.get(key), setValue: changed, deleteValue: changed };
}

const ROOT = mapContext(new Map());

/** The API's `TraceState` over the `tracestate` list members (`key=value`), changed as the API's is. */
function traceState(members: string[]) {
  const others = (key: string) => members.filter((member) => !member.startsWith(`${key}=`));
  return {
    get: (key: string) =>
      members.find((member) => member.startsWith(`${key}=`))?.slice(key.length + 1) as string | undefined,
    set: (key: string, value: string): object => traceState([`${key}=${value}`, ...others(key)]),
    unset: (key: string): object => traceState(others(key)),
    serialize: () => members.join(','),
  };
}
