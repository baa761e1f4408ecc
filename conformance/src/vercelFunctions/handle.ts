import { handle } from '@csvfn/adapter-vercel';
import conformanceApp from '../app.js';

export default handle(conformanceApp);
