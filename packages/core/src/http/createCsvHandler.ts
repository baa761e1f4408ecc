import type { RowSchema } from '../schema.js';
import { answer } from './answer.js';
import { resolveConfig } from './config.js';
import type { CsvHandler, HandlerOptions } from './contract.js';
import { corsHeaders } from './cors.js';
import { describeFailure, type RequestLog } from './log.js';
import { HttpProblem, INTERNAL_DETAIL, isTooDeep, problemResponse, tooDeep } from './problem.js';
import { milliseconds, ServerTiming } from './serverTiming.js';
import type { Stats, StreamOutcome } from './stats.js';

/** A platform request id is logged and sent back in a 500, so only a short printable token is taken. */
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

const performanceNow = () => performance.now();

/**
 * The csvfn HTTP contract as one Web-standard function: `POST` JSON rows, get CSV back, and a
 * problem+json answer for everything else. Every option is checked here (a bad one throws a
 * TypeError naming it); no other work happens until the first request.
 *
 * This is the request's life around the answer itself: its id, CORS, every error turned into a
 * problem, `Server-Timing`, and one log line (when a streamed body ends, for a streamed answer).
 */
export function createCsvHandler<const S extends RowSchema | undefined = undefined>(
  options: HandlerOptions<S> = {},
): CsvHandler {
  const config = resolveConfig(options as HandlerOptions);
  let coldStart = true;
  return async (request, platform) => {
    // The adapter's clock where it has a cheaper one; a traced request keeps `performance.now()`,
    // the time base of the OpenTelemetry API's span times.
    const now = (!config.telemetry && platform?.now) || performanceNow;
    const started = now();
    const isColdStart = coldStart;
    coldStart = false;
    // Made when first needed (a 500, the log line): where the log waits for the send, so does
    // webcrypto's first load (~5 ms on a cold Node 20).
    let requestId: string | undefined;
    const idOf = () =>
      (requestId ??=
        platform?.requestId !== undefined && REQUEST_ID.test(platform.requestId)
          ? platform.requestId
          : crypto.randomUUID());
    const timing = new ServerTiming(started, now);
    const cors = corsHeaders(config.cors, request.headers.get('origin'), request.method === 'OPTIONS');
    const stats: Stats = {};
    // The body reader adds what it reads; a body never read (a 415, a 401) logs 0. (`request.body`
    // is left alone: on Node, asking for it builds the web stream the adapter's readBody avoids.)
    if (request.method === 'POST') stats.bytesIn = 0;
    const telemetry = config.telemetry?.(request, platform, isColdStart, started, stats);
    let response: Response;
    let problem: HttpProblem | undefined;
    let failure: unknown;
    try {
      response = await answer(request, config, platform, stats, timing, cors);
    } catch (error) {
      if (error instanceof HttpProblem) problem = error;
      else if (isTooDeep(error)) problem = tooDeep();
      else {
        failure = error;
        problem = new HttpProblem('internal', INTERNAL_DETAIL, { requestId: idOf() });
      }
      response = problemResponse(problem, cors);
    }
    if (config.options.serverTiming !== false) response.headers.set('Server-Timing', timing.header());
    if (telemetry) response = await telemetry(response, problem, timing);
    const { logger } = config;
    if (!logger) return response;
    const answered = now();
    const log = (outcome: StreamOutcome = {}, ended = now()) => {
      const { streamed: _, watch: __, ...facts } = stats;
      const streamProblem = outcome.error instanceof HttpProblem ? outcome.error : undefined;
      const streamFailure = outcome.error !== undefined && !streamProblem ? outcome.error : undefined;
      const entry: RequestLog = {
        level: failure || streamFailure ? 'error' : 'info',
        msg: 'request',
        requestId: idOf(),
        provider: platform?.provider ?? 'unknown',
        method: request.method,
        status: response.status,
        ...facts,
        durationMs: milliseconds(ended - started),
        coldStart: isColdStart,
      };
      const kind = problem ?? streamProblem;
      if (kind) entry.problem = kind.toJSON().type;
      if (failure || streamFailure) entry.error = describeFailure(failure ?? streamFailure);
      // A body cut short, by the client or by a failure after the 200, is never logged as complete.
      if (outcome.aborted || outcome.error !== undefined) entry.aborted = true;
      try {
        logger(entry);
      } catch {
        // A failing logger must not fail the request it reports on.
      }
    };
    // A streamed answer is logged when its body ends, with its final counts and any late error. A
    // whole answer is logged once it went out where the adapter says when (the line's first write
    // costs ~8 ms on a cold Node 20, kept off the first answer's path), else at once; its duration
    // is to the answer either way.
    if (stats.streamed) stats.streamed.then((outcome) => log(outcome));
    else if (platform?.onSent) platform.onSent(({ aborted }) => log({ aborted }, answered));
    else log({}, answered);
    return response;
  };
}
