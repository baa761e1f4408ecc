/** Where each runtime of runtimes/ is, and the environment Deno wants. */
export interface Runtimes {
  root: string;
  deno: string;
  bun: string;
  netlifyDev: string;
  env: Record<string, string>;
  /** The folder holding Deno 2.5.6 (`deno`), for Netlify Dev's edge functions. */
  denoEdgeDir: string;
  /** Fastly's compiler, `js-compute-runtime`. */
  jsComputeRuntime: string;
}

/** A folder of runtimes/ installed on its own: the main one, or a heavy one only some tests need. */
export type RuntimesKit = 'main' | 'deno-edge' | 'fastly';

// runtimes/ sits outside the pnpm workspace (see runtimes/ensure.mjs): loaded by its path, typed here.
const ensure: { ensureKit(kit: RuntimesKit): Runtimes } = await import(
  new URL('../../runtimes/ensure.mjs', import.meta.url).href
);

/**
 * Installs Deno, Bun and Netlify Dev on first use (by lockfile hash), and the kit named if another,
 * then says where they are.
 */
export const ensureRuntimes = (kit: RuntimesKit = 'main'): Runtimes => {
  if (kit !== 'main') ensure.ensureKit(kit);
  return ensure.ensureKit('main');
};
