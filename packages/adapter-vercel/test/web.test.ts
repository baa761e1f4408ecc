import { fileURLToPath } from 'node:url';
import { type DevServer, startDevServer } from '@csvfn/harness/vercel';
import { afterAll, beforeAll, describe } from 'vitest';
import { echoCases } from './support/echoCases.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

describe.each([
  ['Node.js runtime, export default { fetch }', 'webDefault.ts'],
  ['Node.js runtime, per-method exports', 'webMethods.ts'],
  ['Edge runtime, per-method exports', 'edge.ts'],
])('handleWeb() under @vercel/node dev server: %s', (_name, entrypoint) => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer({ cwd: fixtures, entrypoint, helpers: true });
  });
  afterAll(() => server?.close());
  echoCases(() => server);
});
