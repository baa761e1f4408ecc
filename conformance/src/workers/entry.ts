/** The conformance app as a module worker, for `wrangler dev` to bundle (the `workers-wrangler-dev` target). */
import { handle } from '@csvfn/adapter-workers';
import app from '../app.js';

export default handle(app);
