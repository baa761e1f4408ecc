import { describe, expect, it, vi } from 'vitest';
import { callHandler, isResponse, problemJson, problemResponse } from '../src/internal.js';

const request = new Request('http://localhost/api', { method: 'POST', body: '[]' });
const platform = { provider: 'test' };

describe('callHandler', () => {
  it('returns the handler’s Response untouched', async () => {
    const answer = new Response('ok', { status: 201 });
    expect(await callHandler(() => answer, request, platform)).toBe(answer);
  });

  it('passes the request and the platform through', async () => {
    const handler = vi.fn(() => new Response('ok'));
    await callHandler(handler, request, platform);
    expect(handler).toHaveBeenCalledWith(request, platform);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('secret /srv/app.js');
      },
    ],
    [
      'rejects',
      async () => {
        throw new Error('secret');
      },
    ],
    ['returns undefined', () => undefined as unknown as Response],
    ['returns a string', () => 'csv' as unknown as Response],
    ['returns a plain object with a status', () => ({ status: 200 }) as unknown as Response],
  ])('a handler that %s gives the generic 500 and reaches onError', async (_, handler) => {
    const onError = vi.fn();
    const response = await callHandler(handler, request, platform, onError);
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      type: 'urn:csvfn:problem:internal',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred.',
    });
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('logs one line to console.error by default', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await callHandler(() => Promise.reject(new Error('boom')), request, platform);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]?.[0]).toBe('csvfn: the handler failed');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('isResponse', () => {
  it('accepts a Response from another realm by its shape', () => {
    const foreign = { status: 200, headers: new Headers(), body: null };
    expect(isResponse(foreign)).toBe(true);
    expect(isResponse({ status: 200 })).toBe(false);
    expect(isResponse(null)).toBe(false);
  });
});

describe('problemResponse', () => {
  // Written out by hand from docs/contract.md, not read from ADAPTER_PROBLEMS: a change to the
  // table must show up here.
  it.each([
    ['bad-request', 400, 'Bad request', 'The request is not valid HTTP.'],
    ['request-timeout', 408, 'Request timeout', 'The request was not received in time.'],
    [
      'expectation-failed',
      417,
      'Expectation failed',
      'The Expect header cannot be met; only "100-continue" is supported.',
    ],
    ['headers-too-large', 431, 'Request headers too large', 'The request headers are too large.'],
    ['internal', 500, 'Internal Server Error', 'An unexpected error occurred.'],
    ['not-implemented', 501, 'Not implemented', 'This method is not supported.'],
  ] as const)(
    '%s is %i, with its title, its detail and a Content-Length',
    async (kind, status, title, detail) => {
      const response = problemResponse(kind);
      const text = await response.text();
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('content-length')).toBe(String(new TextEncoder().encode(text).byteLength));
      expect(JSON.parse(text)).toEqual({ type: `urn:csvfn:problem:${kind}`, title, status, detail });
    },
  );

  it('takes a detail of its own', () => {
    expect(JSON.parse(problemJson('bad-request', 'Header "x" is malformed.')).detail).toBe(
      'Header "x" is malformed.',
    );
  });
});
