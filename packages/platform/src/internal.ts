/**
 * @module
 * `@csvfn/platform/internal`: what csvfn's own packages share beyond the public contract (the
 * adapters' problem responses, which `@csvfn/core` builds on, and the pipeline's parts). Not a
 * stable API: it changes with the adapters.
 */
export { callHandler, isResponse, logHandlerError } from './callHandler.js';
export {
  type CompressionCandidate,
  compressedResponse,
  isCompressible,
  MIN_COMPRESSED_BYTES,
  negotiateEncoding,
  responseCoding,
  setCompressedHeaders,
  varyOnAcceptEncoding,
} from './compression.js';
export { concatBytes } from './concatBytes.js';
export { holdResponse } from './holdResponse.js';
export { lateProblemResponse } from './lateProblem.js';
export {
  ADAPTER_PROBLEMS,
  type AdapterProblemKind,
  PROBLEM_HEADERS,
  problemJson,
  problemResponse,
} from './problems.js';
export { type ResponseCap, responseTooLarge } from './responseCap.js';
