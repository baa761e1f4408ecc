import type { Target } from './target.js';
import { azureTargets } from './targets/azure.js';
import { bunTarget } from './targets/bun.js';
import { denoTarget } from './targets/deno.js';
import { gcfTarget } from './targets/gcf.js';
import { vercelEdgeTarget } from './targets/vercelEdge.js';

/**
 * Deno, Bun, Google Cloud Functions, Azure (a stand-in) and Vercel's Edge runtime (edge-runtime). Netlify, whose local runtime takes about
 * a second a request, runs every case in a test file of its own (test/netlify.test.ts), so that it
 * runs beside the others, and no fuzzing.
 */
export const homeTargets: Target[] = [denoTarget, bunTarget, gcfTarget, ...azureTargets, vercelEdgeTarget];
