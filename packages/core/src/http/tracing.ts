import { isLateProblem, type PlatformInfo } from '@csvfn/platform';
import { CsvConverter } from '../convert.js';
import type { HandlerOptions } from './contract.js';
import { bodyFormatOf } from './negotiate.js';
import type { Attributes, AttributeValue, Span } from './openTelemetry.js';
import type { HttpProblem } from './problem.js';
import { requestMetrics } from './requestMetrics.js';
import type { ServerTiming } from './serverTiming.js';
import type { Stats } from './stats.js';
import { parentContext, withSpan } from './traceContext.js';

/** Starts a request's telemetry: its SERVER span (a child of the caller's trace) and its clock. */
export type StartTelemetry = (
  request: Request,
  platform: PlatformInfo | undefined,
  coldStart: boolean,
  started: number,
) => EndTelemetry;

/**
 * Records the answer and hands it back with its body watched: the span and the duration end when
 * the client has read the last byte, or cancelled. `timing`'s steps become child spans.
 */
export type EndTelemetry = (
  response: Response,
  problem: HttpProblem | undefined,
  stats: Stats,
  timing: ServerTiming,
) => Response;

/** The methods a span may be named for (the HTTP semantic conventions); any other is `_OTHER`. */
const KNOWN_METHOD = /^(?:CONNECT|DELETE|GET|HEAD|OPTIONS|PATCH|POST|PUT|TRACE)$/;

/** Which handler option stopped the request, by problem type. */
const LIMITS: Record<string, string> = {
  'urn:csvfn:problem:body-too-large': 'maxBodyBytes',
  'urn:csvfn:problem:too-many-rows': 'maxRows',
  'urn:csvfn:problem:rate-limited': 'rateLimit',
};

/**
 * The handler's telemetry from its `tracer` and `meter`, or `undefined` with neither. Written as
 * closures, not classes, because this code is in every bundle, traced or not: a minifier shortens
 * local names, never property names.
 */
export function startTelemetry({ tracer, meter, ...options }: HandlerOptions): StartTelemetry | undefined {
  if (!tracer && !meter) return;
  const metrics = meter && requestMetrics(meter);
  let columns: number | undefined;
  return (request, platform, coldStart, started) => {
    const { headers } = request;
    const method = KNOWN_METHOD.test(request.method) ? request.method : '_OTHER';
    const url = tracer && new URL(request.url);
    const parent = tracer && parentContext(headers);
    // Set on the span once it is open; before that, gathered for its start (where a sampler sees them).
    const attributes: Attributes = {};
    let span: Span | undefined;
    const set = (key: string, value: AttributeValue | null | undefined) => {
      if (value == null || value === '') return;
      if (span) span.setAttribute(key, value);
      else attributes[key] = value;
    };
    set('http.request.method', method);
    if (method === '_OTHER') set('http.request.method_original', request.method);
    set('url.path', url?.pathname);
    set('url.scheme', url?.protocol.slice(0, -1));
    set('user_agent.original', headers.get('user-agent'));
    set('cloud.provider', platform?.cloudProvider);
    set('faas.invocation_id', platform?.requestId);
    set('faas.coldstart', coldStart);
    // SpanKind.SERVER, as a number: importing the enum would load the API.
    span = tracer?.startSpan(
      method === '_OTHER' ? 'HTTP' : method,
      { kind: 1, attributes, startTime: started },
      parent,
    );
    const problemType = (type: string) => {
      set('csvfn.problem.type', type);
      set('csvfn.limit', LIMITS[type]);
    };
    // SpanStatusCode.ERROR is 2.
    const fail = (type: string) => {
      span?.setStatus({ code: 2 });
      set('error.type', type);
    };

    return (response, problem, stats, timing) => {
      const { status } = response;
      const measured = { 'http.request.method': method, 'http.response.status_code': status };
      set('http.response.status_code', status);
      if (problem) {
        problemType(problem.toJSON().type);
        if (status < 500)
          metrics?.rejections.add(1, { ...measured, 'csvfn.problem.type': problem.toJSON().type });
      } else if (response.ok && request.method === 'POST' && span) {
        // Schema-less rows decide their own columns as they come: not counted up front.
        columns ??= new CsvConverter(options).columns.length;
        set('csvfn.columns', columns || undefined);
        set('csvfn.input', bodyFormatOf(headers.get('content-type')));
      }
      if (status >= 500) fail(String(status));
      const steps = span && timing.steps.length > 0 ? withSpan(parent, span) : undefined;
      for (const [name, start, end] of timing.steps)
        tracer?.startSpan(name, { startTime: start }, steps).end(end);

      let bytesOut = 0;
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        const bytesIn = stats.bytesIn ?? Number(headers.get('content-length') ?? Number.NaN);
        if (metrics) {
          metrics.duration.record((performance.now() - started) / 1000, measured);
          if (stats.bytesIn) metrics.bytesIn.add(stats.bytesIn, measured);
          metrics.bytesOut.add(bytesOut, measured);
          if (status === 200 && stats.rows) metrics.rows.add(stats.rows, measured);
        }
        set('http.request.body.size', Number.isSafeInteger(bytesIn) ? bytesIn : undefined);
        set('http.response.body.size', bytesOut);
        if (status === 200) set('csvfn.rows', stats.rows ?? 0);
        span?.end();
      };
      const body = response.body;
      if (!body) {
        end();
        return response;
      }
      const reader = body.getReader();
      // A whole answer (not streamed) is read at once, so its last byte goes out with its end: a
      // runtime still sees one chunk and the end together, and sends a Content-Length.
      const whole = !stats.streamed;
      const watched = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            try {
              for (;;) {
                const { done, value } = await reader.read();
                if (done) {
                  controller.close();
                  return end();
                }
                bytesOut += value.byteLength;
                controller.enqueue(value);
                if (!whole) return;
              }
            } catch (error) {
              // The status went out, the body failed: the client got a truncated answer.
              let type = error instanceof Error ? error.name : 'Error';
              if (isLateProblem(error)) {
                // Read without JSON.parse: nothing here may throw in place of the body's own error.
                type = /"type":"([^"]+)"/.exec(error.body)?.[1] ?? type;
                problemType(type);
              }
              fail(type);
              end();
              controller.error(error);
            }
          },
          cancel(reason) {
            set('csvfn.aborted', true);
            end();
            return reader.cancel(reason);
          },
        },
        { highWaterMark: 0 },
      );
      return new Response(watched, { status, statusText: response.statusText, headers: response.headers });
    };
  };
}
