import { describe, expect, it, vi } from 'vitest';
import { handle, type NetlifyEdgeContext, type NetlifyEdgePlatform } from '../src/edge.js';

// The edge runtime itself runs under @netlify/dev in the conformance suite (test/netlifyEdge.test.ts
// there) and in examples/netlify-edge; here, what the entry adds.
const context = {
  requestId: '01HZX-edge',
  ip: '203.0.113.9',
  geo: { city: 'Oslo' },
  next: () => Promise.resolve(new Response('origin')),
} as unknown as NetlifyEdgeContext;
const request = () => new Request('https://site.netlify.app/api', { method: 'POST', body: '[]' });

describe('handle (edge)', () => {
  it('names the provider netlify-edge and maps requestId, ip and the edge context', async () => {
    let platform: NetlifyEdgePlatform | undefined;
    const response = await handle((_, seen) => {
      platform = seen;
      return new Response('ok');
    })(request(), context);
    expect(await response.text()).toBe('ok');
    expect(platform).toEqual({
      provider: 'netlify-edge',
      cloudProvider: 'netlify',
      requestId: '01HZX-edge',
      clientAddress: '203.0.113.9',
      context,
    });
  });

  it('answers the generic 500 problem when the handler throws, never the error', async () => {
    const onError = vi.fn();
    const response = await handle(
      () => {
        throw new Error('edge secret');
      },
      { onError },
    )(request(), context);
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.text()).not.toContain('edge secret');
    expect(onError).toHaveBeenCalledOnce();
  });
});
