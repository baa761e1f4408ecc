/**
 * @module
 * The contract between a Fetch handler and the adapter that runs it, written once for every
 * `@csvfn/adapter-*`: the handler and platform types, the guard around calling a handler, and the
 * few problem answers an adapter gives itself. Web-standard only, no dependencies.
 */
export { hasBodyText, markBodyText, takeBodyText } from './bodyText.js';
export { callHandler, isResponse, logHandlerError } from './callHandler.js';
export {
  type ContentCoding,
  compressAnswer,
  compressedResponse,
  isCompressible,
  MIN_COMPRESSED_BYTES,
  negotiateEncoding,
  varyOnAcceptEncoding,
} from './compression.js';
export { DEFAULT_HOLD_BYTES, holdingHandler, holdResponse } from './holdResponse.js';
export { isLateProblem, LateProblem, lateProblemResponse } from './lateProblem.js';
export { MB, MIB, type PlatformLimits } from './limits.js';
export {
  ADAPTER_PROBLEMS,
  type AdapterProblemKind,
  PROBLEM_HEADERS,
  problemJson,
  problemResponse,
} from './problems.js';
export type { ErrorSink, FetchHandler, PlatformInfo } from './types.js';
