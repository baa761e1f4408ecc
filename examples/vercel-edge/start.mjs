// `pnpm start`: the function in edge-runtime (Vercel's open-source Edge runtime) at
// http://127.0.0.1:$PORT/api. Like the Edge runtime on Vercel, it has no DecompressionStream:
// @csvfn/adapter-vercel brings one in (fflate) when a gzip body arrives.
import { EdgeRuntime, runServer } from 'edge-runtime';
import { bundleEdgeFunction } from './bundle.mjs';

const port = Number(process.env.PORT ?? 3000);
const runtime = new EdgeRuntime({ initialCode: await bundleEdgeFunction() });
const server = await runServer({ runtime, port, host: '127.0.0.1' });
console.log(`csvfn on edge-runtime (Vercel Edge): POST http://127.0.0.1:${port}/api`);

for (const signal of ['SIGINT', 'SIGTERM'])
  process.once(signal, () => server.close().then(() => process.exit(0)));
