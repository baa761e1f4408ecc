/**
 * The part of the OpenTelemetry API (`@opentelemetry/api` 1.x) that csvfn calls, as types only:
 * any API `Tracer` or `Meter` is one of these, and csvfn imports nothing of OpenTelemetry at run
 * time (a bundle without tracing carries none of it, and a TypeScript user needs no API installed).
 */

/** An attribute's value, as csvfn sets them. */
export type AttributeValue = string | number | boolean;

/** Attributes of a span or a measurement; an `undefined` one is left out, as the API says. */
export type Attributes = Record<string, AttributeValue | undefined>;

/** An OpenTelemetry `Context`: an immutable map from symbol keys to values. */
export interface TelemetryContext {
  /** The value under `key`, if any. */
  getValue(key: symbol): unknown;
  /** A new context with `value` under `key`. */
  setValue(key: symbol, value: unknown): TelemetryContext;
  /** A new context without `key`. */
  deleteValue(key: symbol): TelemetryContext;
}

/** The span methods csvfn calls. */
export interface Span {
  /** Sets attributes, leaving out those that are `undefined`. */
  setAttributes(attributes: Attributes): unknown;
  /** Sets the status: `code` 2 is the API's `SpanStatusCode.ERROR`. */
  setStatus(status: { code: number; message?: string }): unknown;
  /** Ends the span; `endTime` in `performance.now()` milliseconds, as the API takes it. */
  end(endTime?: number): void;
  /** Whether the span records anything: `false` when the sampler dropped it (then no step spans). */
  isRecording?(): boolean;
}

/** Options csvfn starts a span with. */
export interface SpanStartOptions {
  /** The API's `SpanKind`: 1 is `SERVER`; none is `INTERNAL`. */
  kind?: number;
  /** Attributes known at the start, which a sampler sees. */
  attributes?: Attributes;
  /** When the span started, in `performance.now()` milliseconds. */
  startTime?: number;
}

/** An OpenTelemetry API `Tracer`, e.g. `trace.getTracer('my-app')`. */
export interface Tracer {
  /** Starts a span, a child of the span in `context` when it has one. */
  startSpan(name: string, options?: SpanStartOptions, context?: TelemetryContext): Span;
}

/** Options of a metric instrument. */
export interface InstrumentOptions {
  /** What the instrument measures. */
  description?: string;
  /** The unit, in UCUM (`s`, `By`, `{row}`). */
  unit?: string;
  /** Hints to the SDK, such as a histogram's bucket boundaries. */
  advice?: { explicitBucketBoundaries?: number[] };
}

/** A histogram csvfn records into. */
export interface Histogram {
  /** Records one value. */
  record(value: number, attributes?: Attributes): void;
}

/** A counter csvfn adds to. */
export interface Counter {
  /** Adds a non-negative amount. */
  add(value: number, attributes?: Attributes): void;
}

/** An OpenTelemetry API `Meter`, e.g. `metrics.getMeter('my-app')`. */
export interface Meter {
  /** Makes a histogram. */
  createHistogram(name: string, options?: InstrumentOptions): Histogram;
  /** Makes a counter. */
  createCounter(name: string, options?: InstrumentOptions): Counter;
}
