// The employee converter on a plain Node http server: `pnpm start` at the repo root runs this.
import { serve } from '@csvfn/adapter-node';
import { createCsvHandler } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';

const port = Number(process.env.PORT ?? 3000);
// Loopback only, as every example's start: a development server reachable from the network is an
// open converter. HOST=0.0.0.0 (or `serve()` without `hostname`) listens on every interface.
const hostname = process.env.HOST ?? '127.0.0.1';
const server = await serve(createCsvHandler({ schema: employeeSchema }), { port, hostname });
const url = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${server.port}/api`;

console.log(`csvfn is serving the employee converter at POST ${url}

Try it:
  curl -X POST ${url} -H 'Content-Type: application/json' \\
    --data '[{"name":"John Doe","age":45,"jobTitle":"Software Developer","badgeNumber":58195},
             {"name":"Jane Doe","age":32,"jobTitle":"Software Developer","badgeNumber":58191}]'
`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close().then(() => process.exit(0));
  });
}
