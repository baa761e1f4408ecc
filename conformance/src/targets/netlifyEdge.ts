import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ensureRuntimes } from '../runtimes.js';
import type { Target, WireResponse } from '../target.js';
import { fromWebResponse, toWebRequest } from '../wire.js';

const projectRoot = fileURLToPath(new URL('../../hosts/netlify-edge', import.meta.url));

/**
 * Netlify Edge Functions: the conformance app wrapped by `@csvfn/adapter-netlify/edge`, bundled by
 * Netlify's edge bundler and run in Deno by Netlify's own local emulation (`@netlify/dev`), each
 * request through `dev.handle(request)`. Its edge functions run in the `deno` on PATH, which must be
 * 2.5.x (runtimes/deno-edge): Deno 2.9 refuses the `deno eval --allow-scripts` it runs.
 */
export const netlifyEdgeTarget: Target = {
  name: 'netlify-edge',
  standardGzip: true,
  async start() {
    const { netlifyDev, denoEdgeDir } = ensureRuntimes('deno-edge');
    // Read when @netlify/dev looks for Deno (at start), and only there: no other target spawns `deno` by PATH.
    process.env.PATH = `${denoEdgeDir}:${process.env.PATH}`;
    const { NetlifyDev } = await import(netlifyDev);
    const dev = new NetlifyDev({
      projectRoot,
      // Only the edge functions: nothing else is wanted, and nothing may reach the network.
      blobs: { enabled: false },
      functions: { enabled: false },
      environmentVariables: { enabled: false },
      geolocation: { enabled: false },
      images: { enabled: false },
      // Where an edge function's context.next() would go; this app never calls it.
      serverAddress: 'http://127.0.0.1:9',
    });
    await dev.start();
    return {
      async send(wire) {
        const response: Response | undefined = await dev.handle(toWebRequest('http://localhost:8888', wire));
        if (!response) throw new Error(`netlify dev had no match for ${wire.path}`);
        return withoutNetlifyVary(await fromWebResponse(response));
      },
      close: () => dev.stop(),
    };
  },
};

/**
 * Netlify's edge adds `Accept-Encoding` to the `Vary` of every answer with a body (it compresses
 * what it sends on): the platform's header, like its `x-nf-*` ones, taken out before comparing.
 * Pinned: an answer otherwise fails the case.
 */
function withoutNetlifyVary(response: WireResponse): WireResponse {
  const vary = response.headers.vary ?? '';
  // To an answer with a body, that is: a 204 to a preflight is left as csvfn sent it.
  const added = expect(vary, 'Netlify Edge adds Accept-Encoding to the Vary of an answer with a body');
  if (response.body.byteLength > 0) added.toMatch(/\bAccept-Encoding\b/i);
  else added.not.toMatch(/\bAccept-Encoding\b/i);
  if (vary === '') return response;
  const rest = vary
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token.toLowerCase() !== 'accept-encoding');
  const headers = { ...response.headers };
  if (rest.length > 0) headers.vary = rest.join(', ');
  else delete headers.vary;
  return { ...response, headers };
}
