import type { HttpRequestData } from './frontDoor.js';

/** A Web `Request` as a front door receives it (srvx's `requestToAwsEvent` direction). */
export async function webRequestData(request: Request, sourceIp: string): Promise<HttpRequestData> {
  const url = new URL(request.url);
  const headers: [string, string][] = [];
  for (const [name, value] of request.headers) headers.push([name, value]);
  if (!request.headers.has('host')) headers.unshift(['host', url.host]);
  return {
    method: request.method,
    target: `${url.pathname}${url.search}`,
    headers,
    body: new Uint8Array(await request.arrayBuffer()),
    sourceIp,
    requestId: crypto.randomUUID(),
    time: new Date(),
  };
}
