import { CsvConverter } from '../convert.js';
import type { Config } from './config.js';
import type { PlatformInfo } from './contract.js';
import { planCsvResponse } from './csvResponse.js';
import { ALLOW, checkAccess, checkMethod, healthAnswer } from './guards.js';
import { jsonAnswer } from './jsonAnswer.js';
import { ndjsonStream } from './ndjsonStream.js';
import { bodyFormatOf, isGzipped, outputFormatOf, parseQueryOptions } from './negotiate.js';
import type { ServerTiming } from './serverTiming.js';
import type { Stats } from './stats.js';

/** One request through the guards, then down the body path its `Content-Type` picks. Throws an HttpProblem for a 4xx. */
export async function answer(
  request: Request,
  config: Config,
  platform: PlatformInfo | undefined,
  stats: Stats,
  timing: ServerTiming,
  cors: Record<string, string>,
): Promise<Response> {
  const health = config.options.healthPath;
  // Before the key and the limiter: a load balancer's probe carries no key and must never be refused.
  if (health !== undefined && new URL(request.url).pathname === health) return healthAnswer(request, cors);
  checkMethod(request);
  if (request.method === 'OPTIONS')
    return new Response(null, { status: 204, headers: { Allow: ALLOW, ...cors } });
  await checkAccess(request, config, platform);

  // Checked in this order (query, Accept, Content-Type, Content-Encoding, filename), so a request with
  // several faults always gets the same 4xx.
  const { options } = config;
  // No `?`, no query: the URL is parsed only when there is one to read.
  const query = request.url.includes('?')
    ? parseQueryOptions(new URL(request.url), options.allowQueryOptions ?? true)
    : {};
  const format = outputFormatOf(request.headers.get('accept'));
  const bodyFormat = bodyFormatOf(request.headers.get('content-type'));
  const gzip = isGzipped(request.headers.get('content-encoding'));
  const { converterOptions, headers } = planCsvResponse(query, format, options, cors);
  const context = {
    converter: new CsvConverter(converterOptions),
    limits: { maxBodyBytes: config.maxBodyBytes, gzip, stats, readBody: platform?.readBody },
    maxRows: config.maxRows,
    batchRows: config.batchRows,
    headers,
    problemHeaders: cors,
    stats,
    timing,
  };
  return bodyFormat === 'json' ? jsonAnswer(request, context) : ndjsonStream(request, context);
}
