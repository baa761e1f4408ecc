import { cases } from '../src/cases.js';
import { runConformance } from '../src/runner.js';
import { spectrumCases } from '../src/spectrum.js';
import { referenceTarget, targets } from '../src/targets.js';

runConformance(targets, referenceTarget, [...cases, ...spectrumCases()]);
