import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { ensureRuntimes } from '../runtimes.js';
import type { Target, WireResponse } from '../target.js';
import { startNetlifyDev } from './netlifyDev.js';

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
    return startNetlifyDev(netlifyDev, projectRoot, 'edgeFunctions', withoutNetlifyVary);
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
