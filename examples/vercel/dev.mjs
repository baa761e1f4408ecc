// `pnpm start`: api/index.ts under @vercel/node's own dev server, the process `vercel dev` forks
// for a Node.js function (`vercel dev` itself needs an account). Its protocol: the entrypoint and
// build env come in as variables (NODEJS_HELPERS=0, as the deployed project sets; see README), it listens
// on 127.0.0.1:VERCEL_DEV_PORT, and it loads TypeScript through the tsx that @vercel/node ships.
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const vercelNode = dirname(createRequire(import.meta.url).resolve('@vercel/node/package.json'));
const tsx = pathToFileURL(createRequire(join(vercelNode, 'dist', 'index.js')).resolve('tsx')).href;
const port = process.env.PORT ?? '3000';

const server = fork(join(vercelNode, 'dist', 'dev-server.mjs'), [], {
  env: {
    ...process.env,
    VERCEL_DEV_ENTRYPOINT: 'api/index.ts',
    VERCEL_DEV_CONFIG: '{}',
    VERCEL_DEV_BUILD_ENV: JSON.stringify({ NODEJS_HELPERS: '0' }),
    VERCEL_DEV_PUBLIC_DIR: '',
    VERCEL_DEV_PORT: port,
    NODE_OPTIONS: `--import ${tsx} --no-warnings`,
  },
});
server.once('message', () => console.log(`csvfn on Vercel's dev server: POST http://127.0.0.1:${port}/api`));
server.once('exit', (code) => process.exit(code ?? 1));
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.send('shutdown'));
