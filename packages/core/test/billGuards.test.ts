import { describe, expect, it } from 'vitest';
import { employeeSchema } from '../src/employee.js';
import { createCsvHandler, type HandlerOptions } from '../src/index.js';

function post(headers: Record<string, string> = {}) {
  return new Request('http://test.local/api', {
    method: 'POST',
    body: '[]',
    headers: { 'content-type': 'application/json', ...headers },
  });
}

// The seed's behaviour: the employee schema, passed explicitly (there is no default schema).
const quiet: HandlerOptions = { logger: false, schema: employeeSchema };

describe('API keys', () => {
  it('rotate without downtime: old and new both work, then only the new one', async () => {
    const during = createCsvHandler({ ...quiet, apiKeys: ['sk-old-1111', 'sk-new-2222'] });
    const after = createCsvHandler({ ...quiet, apiKeys: ['sk-new-2222'] });
    expect((await during(post({ authorization: 'Bearer sk-old-1111' }))).status).toBe(200);
    expect((await during(post({ authorization: 'Bearer sk-new-2222' }))).status).toBe(200);
    expect((await after(post({ authorization: 'Bearer sk-old-1111' }))).status).toBe(401);
    expect((await after(post({ authorization: 'Bearer sk-new-2222' }))).status).toBe(200);
  });

  it.each([
    ['a prefix of the key', 'Bearer sk-new-222'],
    ['the key with a suffix', 'Bearer sk-new-22222'],
    ['another key’s digest id', 'Bearer key:0123456789abcdef'],
    ['the key in another scheme', 'Basic sk-new-2222'],
    ['the key without a scheme', 'sk-new-2222'],
    ['two tokens', 'Bearer sk-new-2222 sk-new-2222'],
    ['an empty token', 'Bearer '],
  ])('refuses %s with 401 and WWW-Authenticate', async (_, authorization) => {
    const handler = createCsvHandler({ ...quiet, apiKeys: ['sk-new-2222'] });
    const response = await handler(post({ authorization }));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.text()).not.toContain('sk-new-2222');
  });

  it('takes the scheme in any case and extra spaces around the token', async () => {
    const handler = createCsvHandler({ ...quiet, apiKeys: ['sk-new-2222'] });
    for (const authorization of ['bearer sk-new-2222', 'BEARER   sk-new-2222', 'Bearer sk-new-2222  ']) {
      expect((await handler(post({ authorization }))).status).toBe(200);
    }
  });

  it('gives each key its own rate-limit identity, derived from its digest, never the key', async () => {
    const seen: string[] = [];
    const handler = createCsvHandler({
      ...quiet,
      apiKeys: ['sk-a', 'sk-b'],
      rateLimit: (key) => {
        seen.push(key);
        return { allowed: true };
      },
    });
    await handler(post({ authorization: 'Bearer sk-a' }));
    await handler(post({ authorization: 'Bearer sk-b' }));
    await handler(post({ authorization: 'Bearer sk-a' }));
    expect(seen[0]).not.toBe(seen[1]);
    expect(seen[0]).toBe(seen[2]);
    for (const key of seen) expect(key).toMatch(/^key:[0-9a-f]{16}$/);
  });

  it('stays closed when a configured key is unset (an env var not there yet)', async () => {
    const keys = ['sk-current', undefined, null, ''] as unknown as string[];
    const handler = createCsvHandler({ ...quiet, apiKeys: keys });
    expect((await handler(post({ authorization: 'Bearer sk-current' }))).status).toBe(200);
    for (const authorization of ['Bearer null', 'Bearer undefined', 'Bearer ', '']) {
      expect((await handler(post(authorization ? { authorization } : {}))).status).toBe(401);
    }
    const allUnset = createCsvHandler({ ...quiet, apiKeys: [undefined] as unknown as string[] });
    expect((await allUnset(post({ authorization: 'Bearer undefined' }))).status).toBe(401);
  });

  it('refuses a rate limit or logger that is not a function when the handler is made', () => {
    expect(() => createCsvHandler({ rateLimit: 100 as never })).toThrow(TypeError);
    expect(() => createCsvHandler({ schema: employeeSchema, logger: 'console' as never })).toThrow(TypeError);
  });

  it('checks the rate limit before refusing a bad key, so key guessing is throttled too', async () => {
    const handler = createCsvHandler({
      ...quiet,
      apiKeys: ['sk-a'],
      rateLimit: () => ({ allowed: false, retryAfterSeconds: 60 }),
    });
    expect((await handler(post({ authorization: 'Bearer guess' }))).status).toBe(429);
  });
});

describe('CORS allow-list', () => {
  const handler = createCsvHandler({ ...quiet, cors: { origins: ['https://app.example'] } });

  it('answers an allowed origin’s preflight and POST with its own origin, never *', async () => {
    const preflight = await handler(
      new Request('http://x/api', { method: 'OPTIONS', headers: { origin: 'https://app.example' } }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(preflight.headers.get('vary')).toBe('Origin');
    const response = await handler(post({ origin: 'https://app.example' }));
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });

  it.each([
    'https://app.example.evil.test',
    'https://evil.test/https://app.example',
    'http://app.example',
    'https://APP.example',
    'null',
    '*',
  ])('gives %s no CORS headers (only Vary: Origin)', async (origin) => {
    for (const method of ['OPTIONS', 'POST']) {
      const response = await handler(
        method === 'POST' ? post({ origin }) : new Request('http://x/api', { method, headers: { origin } }),
      );
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
      expect(response.headers.get('vary')).toBe('Origin');
    }
  });

  it('adds CORS headers to error answers too, so the browser can show the problem', async () => {
    const response = await handler(
      new Request('http://x/api', {
        method: 'POST',
        body: 'nope',
        headers: { origin: 'https://app.example', 'content-type': 'application/json' },
      }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });
});
