import { serve } from '@csvfn/adapter-node';
import conformanceApp from '../app.js';
import type { Target } from '../target.js';
import { sendOverHttp } from '../wire.js';

/** A real Node http server through @csvfn/adapter-node, reached over loopback TCP. */
export const nodeTarget: Target = {
  name: 'node-http',
  async start() {
    const server = await serve(conformanceApp, { port: 0, hostname: '127.0.0.1' });
    return {
      url: server.url,
      send: (wire) => sendOverHttp(server.url, wire),
      close: () => server.close(),
    };
  },
};
