// The employee converter on a plain Node http server: `pnpm start` at the repo root runs this.
import { serve } from '@csvfn/adapter-node';
import { createCsvHandler, employeeSchema } from '@csvfn/core';

const port = Number(process.env.PORT ?? 3000);
const server = await serve(createCsvHandler({ schema: employeeSchema }), { port });
const url = `http://localhost:${server.port}/api`;

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
