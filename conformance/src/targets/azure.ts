import { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { handle } from '@csvfn/adapter-azure';
import conformanceApp from '../app.js';
import type { Target, WireRequest, WireResponse } from '../target.js';
import { toWebRequest } from '../wire.js';

/**
 * Azure Functions, A STAND-IN: the Functions host (Core Tools) cannot run here, so this drives
 * the conformance app, wrapped by `@csvfn/adapter-azure`, through the `@azure/functions` v4
 * library's own classes as the worker does: `HttpRequest` in (built from the bytes, as the host
 * hands them over; or, streaming, from a Fetch `Request`, as the host's HTTP proxy does), the
 * returned `HttpResponseInit` read back through `HttpResponse`. The host's own HTTP layer is not
 * exercised.
 */
function azureTarget(name: string, streaming: boolean): Target {
  return {
    name,
    async start() {
      const handler = handle(conformanceApp);
      let invocation = 0;
      const respond = async (wire: WireRequest) => {
        const context = new InvocationContext({
          invocationId: `conformance-${++invocation}`,
          functionName: 'conformance',
        });
        return new HttpResponse(
          await handler(streaming ? streamedRequest(wire) : bufferedRequest(wire), context),
        );
      };
      return {
        send: async (wire) => fromHttpResponse(await respond(wire)),
        // The host streams the returned body on as it reads it: what it reads is the client's body.
        fetch: async (wire) => {
          const response = await respond(wire);
          return new Response(response.body as ReadableStream<Uint8Array> | null, {
            status: response.status,
            headers: [...response.headers],
          });
        },
        close: async () => {},
      };
    },
  };
}

const origin = 'http://localhost:7071';

/** The request as the host passes it without `enableHttpStream`: the whole body, as bytes. */
function bufferedRequest(wire: WireRequest): HttpRequest {
  return new HttpRequest({
    method: wire.method,
    url: new URL(wire.path, origin).href,
    headers: wire.headers,
    body: wire.body ? { bytes: wire.body } : undefined,
  });
}

/** The request as the worker builds it with `enableHttpStream`: from the proxied Fetch Request. */
function streamedRequest(wire: WireRequest): HttpRequest {
  return new HttpRequest({ nativeRequest: toWebRequest(origin, wire) } as ConstructorParameters<
    typeof HttpRequest
  >[0]);
}

/** What the host sends back: status, one value per header, each cookie as its own Set-Cookie. */
async function fromHttpResponse(response: HttpResponse): Promise<WireResponse> {
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers.entries()) headers[name] = value;
  const cookies = response.cookies.map((cookie) => `${cookie.name}=${cookie.value}`);
  if (cookies.length > 0) headers['set-cookie'] = cookies.join(', ');
  return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
}

/** Azure Functions stand-ins (see above): the buffered and the streaming request paths. */
export const azureTargets: Target[] = [
  azureTarget('azure (stand-in)', false),
  azureTarget('azure-stream (stand-in)', true),
];
