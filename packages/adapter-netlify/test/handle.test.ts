import { describe, expect, it } from 'vitest';
import { handle, type NetlifyContext, type NetlifyPlatform } from '../src/index.js';

// Netlify's runtime itself runs in the conformance suite (@netlify/dev); here, what the adapter adds.
const context = {
  requestId: '01HZX-req',
  ip: '198.51.100.4',
  geo: { city: 'Lyon' },
} as unknown as NetlifyContext;
const request = () => new Request('https://site.netlify.app/api', { method: 'POST', body: '[]' });

describe('handle', () => {
  it('passes the request through and maps requestId, ip and the context', async () => {
    let platform: NetlifyPlatform | undefined;
    const response = await handle((_, seen) => {
      platform = seen;
      return new Response('ok', { status: 201 });
    })(request(), context);
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('ok');
    expect(platform).toEqual({
      provider: 'netlify',
      cloudProvider: 'netlify',
      requestId: '01HZX-req',
      clientAddress: '198.51.100.4',
      context,
    });
  });
});
