// The conformance app as a Netlify Functions v2 function, bundled and run by @netlify/dev.
import { handle } from '@csvfn/adapter-netlify';
import app from '../../../../src/app.ts';

export default handle(app);
// Every path: the app is picked by the first segment (`/employee/api`, …).
export const config = { path: '/*' };
