import { cases } from '../src/cases.js';
import { runLateFailures } from '../src/lateFailureSuite.js';
import { runConformance } from '../src/runner.js';
import { spectrumCases } from '../src/spectrum.js';
import { startedOnce } from '../src/startedOnce.js';
import { netlifyTarget } from '../src/targets/netlify.js';
import { referenceTarget } from '../src/targets.js';

// Every case on Netlify's local runtime, in a file of its own: at about a second a request
// (a worker thread each), it runs beside the other targets instead of after them.
// One start for the cases and the late failures (src/lateFailureSuite.ts).
const target = startedOnce(netlifyTarget);
runConformance([target], referenceTarget, [...cases, ...spectrumCases()], { concurrent: true });
runLateFailures(target);
