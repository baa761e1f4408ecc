import { cases } from '../src/cases.js';
import { runConformance } from '../src/runner.js';
import { spectrumCases } from '../src/spectrum.js';
import { netlifyTarget } from '../src/targets/netlify.js';
import { referenceTarget } from '../src/targets.js';

// Every case on Netlify's local runtime, in a file of its own: at about a second a request
// (a worker thread each), it runs beside the other targets instead of after them.
runConformance([netlifyTarget], referenceTarget, [...cases, ...spectrumCases()], {
  concurrent: true,
});
