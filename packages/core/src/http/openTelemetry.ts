/**
 * The part of the OpenTelemetry API (`@opentelemetry/api` 1.x) that csvfn calls, as types only:
 * any API `Tracer` or `Meter` is one of these, and csvfn imports nothing of OpenTelemetry at run
 * time (a bundle without tracing carries none of it, and a TypeScript user needs no API installed).
 */

/** An attribute's value, as csvfn sets them. */
export type AttributeValue = string | number | boolean;

/** Attributes of a span or a measurement. */
export type Attributes = Record<string, AttributeValue>;

/** An OpenTelemetry `Context`: an immutable map from symbol keys to values. */
export interface TelemetryContext {
  getValue(key: symbol): unknown;
  setValue(key: symbol, value: unknown): TelemetryContext;
  deleteValue(key: symbol): TelemetryContext;
}

/** The span methods csvfn calls. */
export interface Span {
  setAttribute(key: string, value: AttributeValue): unknown;
  setStatus(status: { code: number; message?: string }): unknown;
  /** `endTime` in `performance.now()` milliseconds, as the API takes it. */
  end(endTime?: number): void;
  isRecording(): boolean;
}

/** An OpenTelemetry API `Tracer`, e.g. `trace.getTracer('my-app')`. */
export interface Tracer {
  startSpan(
    name: string,
    options?: { kind?: number; attributes?: Attributes; startTime?: number },
    context?: TelemetryContext,
  ): Span;
}

/** Options of a metric instrument. */
export interface InstrumentOptions {
  description?: string;
  unit?: string;
  advice?: { explicitBucketBoundaries?: number[] };
}

/** An OpenTelemetry API `Meter`, e.g. `metrics.getMeter('my-app')`. */
export interface Meter {
  createHistogram(
    name: string,
    options?: InstrumentOptions,
  ): { record(value: number, attributes?: Attributes): void };
  createCounter(
    name: string,
    options?: InstrumentOptions,
  ): { add(value: number, attributes?: Attributes): void };
}
