import { describe, expect, it } from 'vitest';
import { responseTooLarge } from '../src/internal.js';

describe('responseTooLarge', () => {
  const cap = { platform: 'AWS Lambda (buffered)', maxBytes: 6_291_556, remedy: 'Ask for gzip.' };

  it('is a 413 problem naming the size, the cap, the platform and the remedy', async () => {
    const response = responseTooLarge(cap, 7_800_363);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(response.headers.get('content-length')).toBe(String(text.length));
    expect(JSON.parse(text)).toEqual({
      type: 'urn:csvfn:problem:response-too-large',
      title: 'Response too large',
      status: 413,
      detail:
        'The answer would be 7800363 bytes, over the 6291556-byte response cap of AWS Lambda (buffered). Ask for gzip.',
      maxBytes: 6_291_556,
    });
  });
});
