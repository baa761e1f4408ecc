// The conformance app under Bun.serve: no adapter, the handler is already Bun's shape. The client's
// address comes from `server.requestIP`, as the README's snippet shows.
import app from '../src/app.ts';

const server = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  fetch: (request, server) =>
    app(request, { provider: 'bun', clientAddress: server.requestIP(request)?.address }),
});
console.log(`listening on ${server.url}`);
