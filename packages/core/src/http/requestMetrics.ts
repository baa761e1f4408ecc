import type { Meter } from './openTelemetry.js';

/** The instruments a handler records into, made once from the `meter` option. */
export type RequestMetrics = ReturnType<typeof requestMetrics>;

/**
 * `http.server.request.duration` (the HTTP semantic conventions' histogram, in seconds, to the last
 * byte read), and counters of rows written, body bytes in and out, and rejections (4xx answers) by
 * problem type. No descriptions: they would be in every bundle; docs/telemetry.md has them.
 */
export function requestMetrics(meter: Meter) {
  const counter = (name: string, unit: string) => meter.createCounter(`csvfn.${name}`, { unit });
  return {
    duration: meter.createHistogram('http.server.request.duration', {
      unit: 's',
      advice: {
        explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
      },
    }),
    rows: counter('rows', '{row}'),
    bytesIn: counter('body.in', 'By'),
    bytesOut: counter('body.out', 'By'),
    rejections: counter('rejections', '{request}'),
  };
}
