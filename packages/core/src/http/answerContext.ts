import type { CsvConverter } from '../convert.js';
import type { BodyLimits } from './body.js';
import type { ServerTiming } from './serverTiming.js';
import type { Stats } from './stats.js';

/** What a body path needs to turn a request that passed the guards into its CSV answer. */
export interface AnswerContext {
  converter: CsvConverter;
  limits: BodyLimits;
  maxRows: number;
  /** Rows converted between two turns given back to the event loop (`HandlerOptions.batchRows`). */
  batchRows: number;
  /** The headers of the 200. */
  headers: Record<string, string>;
  /** Headers a problem answer carries too (CORS), for a failure found after the 200. */
  problemHeaders: Record<string, string>;
  stats: Stats;
  timing: ServerTiming;
}
