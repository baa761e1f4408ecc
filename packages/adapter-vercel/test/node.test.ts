import { fileURLToPath } from 'node:url';
import { type DevServer, startDevServer } from '@csvfn/harness/vercel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoCases } from './support/echoCases.js';
import { send } from './support/send.js';

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

  it("hands Node's own request to the handler as platform.req", async () => {
    const answer = await send(server.url, { path: '/api', body: '[]' });
    expect(answer.headers['x-req-http-version']).toBe('1.1');
    expect(answer.headers['x-req-same-url']).toBe('true');
  });
});
