import type { CsvConverter } from '../convert.js';
import type { BodyLimits } from './body.js';
import type { Stats } from './requestStats.js';
import type { ServerTiming } from './serverTiming.js';

/** What a body path needs to turn a request that passed the guards into its CSV answer. */
export interface AnswerContext {
  converter: CsvConverter;
  limits: BodyLimits;
  maxRows: number;
  /** The headers of the 200. */
  headers: Record<string, string>;
  stats: Stats;
  timing: ServerTiming;
}
