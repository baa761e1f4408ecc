/**
 * @module
 * The contract between a Fetch handler and the adapter that runs it, written once for every
 * `@csvfn/adapter-*`: the handler, platform and options types, and the one pipeline each adapter
 * runs a request through. Web-standard only, no dependencies. What only the adapters share is at
 * `@csvfn/platform/internal`; Node's compressor at `@csvfn/platform/node`.
 */
export { type ContentCoding, compressResponse } from './compression.js';
export { isLateProblem, LateProblem } from './lateProblem.js';
export { MB, MIB, type PlatformLimits } from './limits.js';
export {
  createPipeline,
  type Exchange,
  type PipelineOptions,
  UNTRANSLATABLE_DETAIL,
  UntranslatableRequest,
} from './pipeline.js';
export { requestHost } from './requestHost.js';
export {
  type AdapterOptions,
  type CompressOptions,
  DEFAULT_HOLD_BYTES,
  type ErrorSink,
  type FetchHandler,
  type PlatformInfo,
  type RateLimitVerdict,
  type SentOutcome,
} from './types.js';
