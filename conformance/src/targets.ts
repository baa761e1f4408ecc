import { homeTargets } from './homes.js';
import type { Target } from './target.js';
import { coreTarget } from './targets/core.js';
import { lambdaTargets } from './targets/lambda.js';
import { nodeTarget } from './targets/node.js';
import { nodeHttp2Targets } from './targets/nodeHttp2.js';
import { vercelTargets } from './targets/vercel.js';
import { workersTarget } from './targets/workers.js';

/** The reference every other target's answers are compared with, byte for byte. */
export const referenceTarget: Target = coreTarget;

/** Every deploy target. An adapter adds its target here in one line and gets every case. */
export const targets: Target[] = [
  coreTarget,
  nodeTarget,
  ...nodeHttp2Targets,
  workersTarget,
  ...vercelTargets,
  ...lambdaTargets,
  ...homeTargets,
];
