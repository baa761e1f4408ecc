/**
 * A schema's `.meta()` data, read from the registry of the zod copy that made the schema: each
 * copy of zod has its own `globalRegistry`, so csvfn's copy cannot see a user's titles.
 */

/** The metadata fields csvfn reads. */
export interface Metadata {
  title?: unknown;
  description?: unknown;
}

interface WithMeta {
  meta?: (...args: unknown[]) => unknown;
}

interface Registry {
  get(schema: object): Metadata | undefined;
}

/**
 * The schema's metadata: through its own `.meta()` (classic zod, any copy), else through the
 * registry zod 4.2 and later share on `globalThis` (which `zod/mini` schemas are registered in).
 */
export function metadataOf(schema: object): Metadata | undefined {
  const { meta } = schema as WithMeta;
  if (typeof meta === 'function') {
    const found = meta.call(schema);
    if (found && typeof found === 'object') return found as Metadata;
  }
  const shared = (globalThis as { __zod_globalRegistry?: Registry }).__zod_globalRegistry;
  return shared?.get(schema);
}
