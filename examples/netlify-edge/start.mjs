// `pnpm start`: this site's edge function under Netlify's own local emulation (@netlify/dev, the
// engine of `netlify dev`, from runtimes/), behind a Node listener at http://127.0.0.1:$PORT.
// Netlify Dev runs edge functions in the `deno` on PATH: Deno 2.5.6 (runtimes/deno-edge), since
// Deno 2.9 refuses the `deno eval --allow-scripts` it runs.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { writeResponse } from '@csvfn/adapter-node';
import { ensureKit, ensureRuntimes } from '../../runtimes/ensure.mjs';

const port = Number(process.env.PORT ?? 3000);
const { netlifyDev, denoEdgeDir, env } = ensureKit('deno-edge') && ensureRuntimes();
process.env.PATH = `${denoEdgeDir}:${process.env.PATH}`;
process.env.DENO_NO_UPDATE_CHECK = env.DENO_NO_UPDATE_CHECK;
const { NetlifyDev } = await import(netlifyDev);
const dev = new NetlifyDev({
  projectRoot: fileURLToPath(new URL('.', import.meta.url)),
  // Offline: no Blobs, functions, geolocation or image CDN; edge functions only.
  blobs: { enabled: false },
  functions: { enabled: false },
  geolocation: { enabled: false },
  images: { enabled: false },
  environmentVariables: { enabled: false },
  serverAddress: `http://127.0.0.1:${port}`,
});
await dev.start();

const server = createServer(async (req, res) => {
  const match = await dev.handleAndIntrospectNodeRequest(req).catch(() => undefined);
  await writeResponse(match?.response ?? new Response('Not found', { status: 404 }), res);
});
server.listen(port, '127.0.0.1', () =>
  console.log(`csvfn on Netlify Dev (edge functions): POST http://127.0.0.1:${port}/api`),
);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close();
    dev.stop().then(() => process.exit(0));
  });
}
