import { homeTargets } from './homes.js';
import type { Target } from './target.js';
import { coreTarget } from './targets/core.js';
import { lambdaTargets } from './targets/lambda.js';
import { nodeTarget } from './targets/node.js';
import { nodeHttp2Targets } from './targets/nodeHttp2.js';
import { vercelTargets } from './targets/vercel.js';
import { workersTarget, wranglerDevTarget } from './targets/workers.js';

/** The reference every other target's answers are compared with, byte for byte. */
export const referenceTarget: Target = coreTarget;

/** Every deploy target. An adapter adds its target here in one line and gets every case. */
export const allTargets: Target[] = [
  coreTarget,
  nodeTarget,
  ...nodeHttp2Targets,
  workersTarget,
  wranglerDevTarget,
  ...vercelTargets,
  ...lambdaTargets,
  ...homeTargets,
];

/**
 * The targets this run covers: every one, or those named in `CSVFN_TARGETS` (comma-separated,
 * e.g. `core,node-http` for `pnpm test:quick`, which needs no runtime beyond Node).
 */
export const targets: Target[] = selectTargets(allTargets, process.env.CSVFN_TARGETS);

function selectTargets(all: Target[], names: string | undefined): Target[] {
  if (!names) return all;
  const wanted = names.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !all.some((target) => target.name === name));
  if (unknown.length > 0) throw new Error(`CSVFN_TARGETS names no target ${unknown.join(', ')}`);
  return all.filter((target) => wanted.includes(target.name));
}
