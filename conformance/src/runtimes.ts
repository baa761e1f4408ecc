/** Where each runtime of runtimes/ is, and the environment Deno wants. */
export interface Runtimes {
  root: string;
  deno: string;
  bun: string;
  netlifyDev: string;
  env: Record<string, string>;
}

// runtimes/ sits outside the pnpm workspace (see runtimes/ensure.mjs): loaded by its path, typed here.
const ensure: { ensureRuntimes(): Runtimes } = await import(
  new URL('../../runtimes/ensure.mjs', import.meta.url).href
);

/** Installs Deno, Bun and Netlify Dev on first use (by lockfile hash), then says where they are. */
export const ensureRuntimes = (): Runtimes => ensure.ensureRuntimes();
