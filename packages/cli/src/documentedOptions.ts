import type { Delimiter, HandlerOptions } from '@csvfn/core';
import { loadSchema } from './schemaFile.js';

/** The flags `csvfn serve` and `csvfn openapi` share: every one of them changes the OpenAPI document. */
export interface DocumentedFlags {
  schema?: string | false;
  maxBodyBytes?: number;
  maxRows?: number;
  delimiter?: Delimiter;
  /** Array fields to unwind (`--unwind items`). */
  unwind?: string[];
  /**
   * Keys for `Authorization: Bearer <key>` (repeated flag, or CSVFN_API_KEYS). The OpenAPI document
   * shows only that there are some, never the keys.
   */
  apiKey?: string[];
}

/**
 * The handler options those flags give, read the same way by both commands, so `csvfn openapi`
 * describes exactly what `csvfn serve` runs with the same flags.
 */
export async function documentedOptions(flags: DocumentedFlags): Promise<HandlerOptions> {
  const schema =
    flags.schema === false ? { schema: false as const } : flags.schema ? await loadSchema(flags.schema) : {};
  return {
    ...schema,
    maxBodyBytes: flags.maxBodyBytes,
    maxRows: flags.maxRows,
    delimiter: flags.delimiter,
    ...(flags.unwind?.length ? { unwind: flags.unwind } : {}),
    ...(flags.apiKey?.length ? { apiKeys: flags.apiKey } : {}),
  };
}
