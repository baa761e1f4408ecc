// `pnpm serve:bundle`: what Cloudflare would run, without wrangler dev's proxy in front. Bundles the
// Worker as `wrangler deploy` does (offline, --dry-run), then serves that bundle with Miniflare
// (workerd), as the tests do. Miniflare comes with wrangler, so it is resolved from there.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const wrangler = require.resolve('wrangler');
execFileSync(
  process.execPath,
  [require.resolve('wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', 'dist'],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  },
);
const { Miniflare } = await import(pathToFileURL(createRequire(wrangler).resolve('miniflare')).href);
const miniflare = new Miniflare({
  modules: true,
  scriptPath: 'dist/index.js',
  modulesRoot: 'dist',
  compatibilityDate: '2026-04-26',
  host: '127.0.0.1',
  port: Number(process.env.PORT ?? 3000),
});
const url = await miniflare.ready;
console.log(`csvfn on workerd, the deploy bundle: POST ${url}api`);
for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => miniflare.dispose().then(() => process.exit(0)));
