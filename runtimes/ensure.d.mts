/** Where each runtime is, and the environment Deno wants. */
export declare const runtimes: {
  root: string;
  deno: string;
  bun: string;
  netlifyDev: string;
  env: Record<string, string>;
};
/** Installs the runtimes unless the lockfile's hash says they are already in place. */
export declare function ensureRuntimes(): typeof runtimes;
