import { ensureRuntimes } from './ensure.mjs';

/** vitest global setup: installs the runtimes once, before any test starts a server in one. */
export default function setup(): void {
  ensureRuntimes();
}
