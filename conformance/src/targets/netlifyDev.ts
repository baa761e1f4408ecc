import type { RunningTarget, WireRequest, WireResponse } from '../target.js';
import { fromWebResponse, toWebRequest } from '../wire.js';

/**
 * Netlify's own local emulation (`@netlify/dev`), in-process, offline, with one kind of function on:
 * each request goes through `dev.handle(request)`, Netlify's routing and runtime included. `adjust`
 * takes a platform's own header out of each response before it is compared.
 */
export async function startNetlifyDev(
  netlifyDev: string,
  projectRoot: string,
  only: 'functions' | 'edgeFunctions',
  adjust: (response: WireResponse) => WireResponse = (response) => response,
): Promise<RunningTarget> {
  const { NetlifyDev } = await import(netlifyDev);
  const dev = new NetlifyDev({
    projectRoot,
    // Only the one kind of function: nothing else is wanted, and nothing may reach the network.
    blobs: { enabled: false },
    functions: { enabled: only === 'functions' },
    edgeFunctions: { enabled: only === 'edgeFunctions' },
    environmentVariables: { enabled: false },
    geolocation: { enabled: false },
    images: { enabled: false },
    // Where edge functions and images are proxied (context.next()); never reached here, but required.
    serverAddress: 'http://127.0.0.1:9',
  });
  await dev.start();
  const fetch = async (wire: WireRequest) => {
    const response: Response | undefined = await dev.handle(toWebRequest('http://localhost:8888', wire));
    if (!response) throw new Error(`netlify dev had no match for ${wire.path}`);
    return response;
  };
  return {
    fetch,
    send: async (wire) => adjust(await fromWebResponse(await fetch(wire))),
    close: () => dev.stop(),
  };
}
