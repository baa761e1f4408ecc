// `pnpm start`: api/index.ts under Vercel's own per-function dev server (the one `vercel dev`
// forks, from @vercel/node), offline and without an account, at http://127.0.0.1:$PORT/api
// (PORT defaults to 3000). Helpers off, as vercel.json's deploy sets them (NODEJS_HELPERS=0).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const vercelNode = dirname(require.resolve('@vercel/node/package.json'));
// The TypeScript loader `vercel dev` preloads, from @vercel/node's own dependencies.
const tsx = pathToFileURL(createRequire(join(vercelNode, 'dist', 'index.js')).resolve('tsx')).href;
const port = process.env.PORT ?? '3000';

const server = spawn(process.execPath, [join(vercelNode, 'dist', 'dev-server.mjs')], {
  stdio: ['ignore', 'ignore', 'inherit'],
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
console.log(`csvfn on Vercel's dev server: POST http://127.0.0.1:${port}/api`);
server.on('exit', (code) => process.exit(code ?? 1));
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.kill(signal));
