import type { RunningTarget, Target } from './target.js';

/**
 * The same target, started once however many suites in a test file start it, and closed when the
 * last of them closes it: a file that runs both the conformance cases and the late failures on a
 * slow-starting target (Netlify Dev, wrangler dev) pays for one start.
 */
export function startedOnce(target: Target): Target {
  let running: Promise<RunningTarget> | undefined;
  let users = 0;
  return {
    ...target,
    async start() {
      users++;
      running ??= target.start();
      const started = await running;
      return {
        ...started,
        close: async () => {
          if (--users > 0) return;
          running = undefined;
          await started.close();
        },
      };
    },
  };
}
