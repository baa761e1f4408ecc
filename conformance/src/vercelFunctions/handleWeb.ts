import { handleWeb } from '@csvfn/adapter-vercel/web';
import conformanceApp from '../app.js';

export const { GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE } = handleWeb(conformanceApp);
