// The conformance app as a Netlify Edge Function, bundled and run in Deno by @netlify/dev.
import { handle } from '@csvfn/adapter-netlify/edge';
import app from '../../../../src/app.ts';

export default handle(app);
// Every path: the app is picked by the first segment (`/employee/api`, …).
export const config = { path: '/*' };
