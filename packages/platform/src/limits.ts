/**
 * What a home's platform allows one request, as its provider documents it. Every field is
 * optional: a home lists what its provider states, and `undefined` means "no documented cap"
 * (a plain Node, Deno or Bun server has none of its own). Sizes are bytes, times seconds.
 */
export interface PlatformLimits {
  /** Largest request body the platform passes to the function (as it counts it). */
  requestBodyBytes?: number;
  /** Largest answer a buffered function may return. */
  bufferedResponseBytes?: number;
  /** Largest answer a streaming function may send. */
  streamedResponseBytes?: number;
  /** Longest a request may run (the platform's maximum setting, not its default). */
  timeoutSeconds?: number;
  /** CPU time per request, where the platform meters CPU rather than wall time. */
  cpuMsPerRequest?: number;
  /** Largest memory the function may be given. */
  memoryBytes?: number;
  /** Largest deployed code bundle. */
  codeBytes?: number;
  /** How long the platform waits for the first byte of the answer. */
  firstByteSeconds?: number;
  /** Where each figure was read: the provider's own pages. */
  sources: string[];
  /** When they were read, `YYYY-MM-DD`: limits change, so a reader knows how old they are. */
  read: string;
}

/** 1 MiB, for writing limits the way providers state them. */
export const MIB = 1024 * 1024;
/** 1 MB (decimal), for the providers that state limits in MB. */
export const MB = 1_000_000;
