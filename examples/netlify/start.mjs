// `pnpm start`: this site under Netlify's own local emulation (@netlify/dev, the engine of
// `netlify dev`, from runtimes/), behind a Node listener at http://127.0.0.1:$PORT.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { writeResponse } from '@csvfn/adapter-node';
import { ensureRuntimes } from '../../runtimes/ensure.mjs';

const port = Number(process.env.PORT ?? 3000);
const { NetlifyDev } = await import(ensureRuntimes().netlifyDev);
const dev = new NetlifyDev({
  projectRoot: fileURLToPath(new URL('.', import.meta.url)),
  // Offline: no Blobs, geolocation, edge functions or image CDN.
  blobs: { enabled: false },
  edgeFunctions: { enabled: false },
  geolocation: { enabled: false },
  images: { enabled: false },
  serverAddress: `http://127.0.0.1:${port}`,
});
await dev.start();

const server = createServer(async (req, res) => {
  const match = await dev.handleAndIntrospectNodeRequest(req).catch(() => undefined);
  await writeResponse(match?.response ?? new Response('Not found', { status: 404 }), res);
});
server.listen(port, '127.0.0.1', () =>
  console.log(`csvfn on Netlify Dev: POST http://127.0.0.1:${port}/api`),
);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close();
    dev.stop().then(() => process.exit(0));
  });
}
