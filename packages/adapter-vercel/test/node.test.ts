import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from 'vitest';
import { type DevServer, startDevServer } from './support/devServer';
import { echoCases } from './support/echoCases';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

describe.each([
  ['on', true],
  ['off (NODEJS_HELPERS=0)', false],
])('handle() under @vercel/node dev server, helpers %s', (_name, helpers) => {
  let server: DevServer;
  beforeAll(async () => {
    server = await startDevServer({ cwd: fixtures, entrypoint: 'node.ts', helpers });
  });
  afterAll(() => server?.close());
  echoCases(() => server);
});
