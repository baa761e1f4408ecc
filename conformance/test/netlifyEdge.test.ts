import { vi } from 'vitest';
import { cases } from '../src/cases.js';
import { runLateFailures } from '../src/lateFailureSuite.js';
import { runConformance } from '../src/runner.js';
import { spectrumCases } from '../src/spectrum.js';
import { startedOnce } from '../src/startedOnce.js';
import { netlifyEdgeTarget } from '../src/targets/netlifyEdge.js';
import { referenceTarget } from '../src/targets.js';

// Every case on Netlify Edge's local runtime (Deno behind @netlify/dev), in a file of its own, as
// Netlify Functions: a proxy hop a request, so it runs beside the other targets, and no fuzzing.
// Netlify Dev bundles the edge functions with Deno at start: about 40 s here, more on a busy machine.
vi.setConfig({ hookTimeout: 240_000 });
// One start for the cases and the late failures (src/lateFailureSuite.ts).
const target = startedOnce(netlifyEdgeTarget);
runConformance([target], referenceTarget, [...cases, ...spectrumCases()], { concurrent: true });
runLateFailures(target);
