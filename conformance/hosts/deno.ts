// The conformance app under `deno serve`: no adapter, the handler is already Deno's shape. The
// client's address comes from Deno's `info`, as the README's snippet shows.
import app from '../src/app.ts';

export default {
  fetch: (request: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>) =>
    app(request, { provider: 'deno', clientAddress: info.remoteAddr.hostname }),
} satisfies Deno.ServeDefaultExport;
