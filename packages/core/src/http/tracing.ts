import type { PlatformInfo } from '@csvfn/platform';
import { CsvConverter } from '../convert.js';
import type { HandlerOptions } from './contract.js';
import { bodyFormatOf } from './negotiate.js';
import { HttpProblem, type ProblemKind } from './problem.js';
import { requestMetrics } from './requestMetrics.js';
import type { ServerTiming } from './serverTiming.js';
import type { Stats, StreamOutcome } from './stats.js';
import { parentContext, withSpan } from './traceContext.js';

/**
 * Starts a request's telemetry: its SERVER span (a child of the caller's trace) and its clock. It
 * sets `stats.watch`, so a whole answer's body tells it when its last byte has been read.
 */
export type StartTelemetry = (
  request: Request,
  platform: PlatformInfo | undefined,
  coldStart: boolean,
  started: number,
  stats: Stats,
) => EndTelemetry;

/**
 * Records the response and hands it back: the span and the duration end when the client has read
 * the last byte, or cancelled. `timing`'s steps become child spans.
 */
export type EndTelemetry = (
  response: Response,
  problem: HttpProblem | undefined,
  timing: ServerTiming,
) => Response | Promise<Response>;

/** The methods a span may be named for (the HTTP semantic conventions); any other is `_OTHER`. */
const KNOWN_METHOD = /^(?:CONNECT|DELETE|GET|HEAD|OPTIONS|PATCH|POST|PUT|TRACE)$/;

/** Which handler option stopped the request, by problem kind. */
const LIMITS: Partial<Record<ProblemKind, string>> = {
  'body-too-large': 'maxBodyBytes',
  'too-many-rows': 'maxRows',
  'rate-limited': 'rateLimit',
};

/**
 * The handler's telemetry from its `tracer` and `meter`, for a handler given at least one (the
 * config asks first, so an untraced handler never compiles this). Written as closures, not
 * classes, because this code is in every bundle, traced or not: a minifier shortens local names,
 * never property names. Nothing here wraps or copies the answer: a whole answer's
 * body is made as a stream that ends the span (`stats.watch`), and a streamed one reports its end
 * (`stats.streamed`), so a traced request costs the span, not another trip through a stream.
 */
export function startTelemetry({ tracer, meter, ...options }: HandlerOptions): StartTelemetry {
  const metrics = meter && requestMetrics(meter);
  let columns: number | undefined;
  return (request, platform, coldStart, started, stats) => {
    const { headers, method } = request;
    const known = KNOWN_METHOD.test(method);
    const methodName = known ? method : '_OTHER';
    const parent = tracer && parentContext(headers);
    const url = tracer && new URL(request.url);
    // SpanKind.SERVER is 1, as a number: importing the enum would load the API. Attributes known
    // now go in at the start, where a sampler sees them; an undefined one is left out (the API's rule).
    const span = tracer?.startSpan(
      known ? method : 'HTTP',
      {
        kind: 1,
        startTime: started,
        attributes: {
          'http.request.method': methodName,
          'http.request.method_original': known ? undefined : method,
          'url.path': url?.pathname,
          'url.scheme': url?.protocol.slice(0, -1),
          'user_agent.original': headers.get('user-agent') || undefined,
          'cloud.provider': platform?.cloudProvider,
          'faas.invocation_id': platform?.requestId,
          'faas.coldstart': coldStart,
        },
      },
      parent,
    );
    let response: Response;
    let problem: HttpProblem | undefined;
    // Whether a whole answer's body was made through `watch`, and the bytes the client pulled from
    // it; a streamed answer counts its own.
    let watched = false;
    let size = 0;
    let ended = false;
    const end = ({ error, aborted }: StreamOutcome = {}) => {
      if (ended) return;
      ended = true;
      const { status } = response;
      // A failure after the 200 (a truncated answer) is an error, as a 5xx is; a 4xx is the client's.
      const late = error instanceof HttpProblem ? error : undefined;
      const kind = problem ?? late;
      const type = kind && `urn:csvfn:problem:${kind.kind}`;
      const failed = status > 499 || error !== undefined;
      const bytesOut = (stats.streamed ? stats.bytesOut : size) ?? 0;
      const measured = {
        'http.request.method': methodName,
        'http.response.status_code': status,
      };
      if (metrics) {
        metrics.duration.record((performance.now() - started) / 1000, measured);
        if (stats.bytesIn) metrics.bytesIn.add(stats.bytesIn, measured);
        metrics.bytesOut.add(bytesOut, measured);
        if (status === 200 && stats.rows) metrics.rows.add(stats.rows, measured);
        if (problem && status < 500) metrics.rejections.add(1, { ...measured, 'csvfn.problem.type': type! });
      }
      if (!span) return;
      const bytesIn = stats.bytesIn ?? Number(headers.get('content-length') ?? Number.NaN);
      const answered = status === 200 && method === 'POST';
      // Schema-less rows decide their own columns as they come: not counted up front.
      if (answered) columns ??= new CsvConverter(options).columns.length;
      span.setAttributes({
        'http.response.status_code': status,
        'http.request.body.size': Number.isSafeInteger(bytesIn) ? bytesIn : undefined,
        'http.response.body.size': bytesOut,
        'csvfn.rows': answered ? (stats.rows ?? 0) : undefined,
        'csvfn.columns': (answered && columns) || undefined,
        'csvfn.input': answered ? bodyFormatOf(headers.get('content-type')) : undefined,
        'csvfn.problem.type': type,
        'csvfn.limit': kind && LIMITS[kind.kind],
        'csvfn.aborted': aborted,
        'error.type':
          error === undefined
            ? failed
              ? String(status)
              : undefined
            : late
              ? type
              : error instanceof Error
                ? error.name
                : 'Error',
      });
      // SpanStatusCode.ERROR is 2.
      if (failed) span.setStatus({ code: 2 });
      span.end();
    };
    const { onSent } = platform ?? {};
    const watch = (body: Uint8Array<ArrayBuffer>) => {
      watched = true;
      return new ReadableStream<Uint8Array>(
        {
          // The one chunk and the end together: a runtime still sends it with a Content-Length.
          pull(controller) {
            size = body.byteLength;
            controller.enqueue(body);
            controller.close();
            end();
          },
          cancel: () => end({ aborted: true }),
        },
        { highWaterMark: 0 },
      );
    };
    // An adapter that writes the answer itself says when it went out: the answer stays bytes.
    if (!onSent) stats.watch = watch;

    return (answered, answeredProblem, timing) => {
      response = answered;
      problem = answeredProblem;
      // A span the sampler dropped records nothing, and its step spans would be dropped too: the
      // SDK still makes each one (ids, sampler), so a sampled-out request skips them.
      if (span && timing.steps.length > 0 && span.isRecording?.() !== false) {
        const steps = withSpan(parent, span);
        for (const [name, start, stop] of timing.steps)
          tracer!.startSpan(name, { startTime: start }, steps).end(stop);
      }
      if (stats.streamed) stats.streamed.then(end);
      else if (onSent)
        onSent(({ aborted, bytes }) => {
          size = stats.bytesOut ?? bytes ?? 0;
          end({ aborted });
        });
      else if (!answered.body) end();
      // Anything else not made through `watch` (a problem, the health check) is small and whole.
      else if (!watched)
        return answered.arrayBuffer().then((bytes) => new Response(watch(new Uint8Array(bytes)), answered));
      return answered;
    };
  };
}
