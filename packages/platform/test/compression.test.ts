import { describe, expect, it } from 'vitest';
import { compressResponse } from '../src/index.js';
import { isCompressible, negotiateEncoding, responseCoding, setCompressedHeaders } from '../src/internal.js';

describe('negotiateEncoding', () => {
  it('picks the highest q among what is offered, the earlier offer on a tie', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd', ['gzip', 'br'])).toBe('gzip');
    expect(negotiateEncoding('gzip;q=0.5, br', ['gzip', 'br'])).toBe('br');
    expect(negotiateEncoding('BR;Q=0.9, *;q=0.1', ['gzip', 'br'])).toBe('br');
    expect(negotiateEncoding('*', ['gzip', 'br'])).toBe('gzip');
  });

  it('answers identity when nothing offered is accepted', () => {
    expect(negotiateEncoding(null, ['gzip'])).toBeUndefined();
    expect(negotiateEncoding('', ['gzip'])).toBeUndefined();
    expect(negotiateEncoding('identity', ['gzip', 'br'])).toBeUndefined();
    expect(negotiateEncoding('gzip;q=0, br;q=0', ['gzip', 'br'])).toBeUndefined();
    expect(negotiateEncoding('*, gzip;q=0', ['gzip'])).toBeUndefined();
    expect(negotiateEncoding('gzip;q=nonsense', ['gzip'])).toBeUndefined();
  });
});

describe('compressResponse', () => {
  const post = (acceptEncoding?: string, method = 'POST') =>
    new Request('http://localhost/', {
      method,
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
    });
  const csv = (headers: Record<string, string> = {}, status = 200) =>
    new Response('a,b\r\n'.repeat(1000), {
      status,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-length': '5000', ...headers },
    });
  const gzip = () => new CompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;

  it('compresses with the negotiated coding, drops Content-Length, adds Vary to what is there', async () => {
    const answer = compressResponse(post('gzip'), csv({ vary: 'Origin' }), ['gzip'], gzip);
    expect(answer.headers.get('content-encoding')).toBe('gzip');
    expect(answer.headers.get('content-length')).toBeNull();
    expect(answer.headers.get('vary')).toBe('Origin, Accept-Encoding');
    const text = await new Response(answer.body!.pipeThrough(new DecompressionStream('gzip'))).text();
    expect(text).toBe('a,b\r\n'.repeat(1000));
  });

  it('leaves the answer alone without Accept-Encoding, and only adds Vary when identity was chosen', () => {
    const untouched = csv();
    expect(compressResponse(post(), untouched, ['gzip'], gzip)).toBe(untouched);
    expect(untouched.headers.get('vary')).toBeNull();
    const identity = compressResponse(post('identity'), csv(), ['gzip'], gzip);
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(identity.headers.get('vary')).toBe('Accept-Encoding');
  });

  it('skips what does not pay: errors, HEAD, tiny, binary, already encoded, no-transform', () => {
    expect(isCompressible(post('gzip'), csv())).toBe(true);
    expect(isCompressible(post('gzip'), csv({}, 400))).toBe(false);
    expect(isCompressible(post('gzip', 'HEAD'), csv())).toBe(false);
    expect(isCompressible(post('gzip'), csv({ 'content-length': '100' }))).toBe(false);
    expect(isCompressible(post('gzip'), csv({ 'content-type': 'image/png' }))).toBe(false);
    expect(isCompressible(post('gzip'), csv({ 'content-encoding': 'gzip' }))).toBe(false);
    expect(isCompressible(post('gzip'), csv({ 'cache-control': 'no-store, no-transform' }))).toBe(false);
  });
});

describe('responseCoding and setCompressedHeaders (a body compressed whole)', () => {
  const post = (acceptEncoding: string) =>
    new Request('http://localhost/', { method: 'POST', headers: { 'accept-encoding': acceptEncoding } });
  // The parts of an answer held whole, not a Response: no body stream is needed to decide.
  const parts = (body: unknown = 'a,b\r\n'.repeat(1000)) => ({
    status: 200,
    headers: new Headers({ 'content-type': 'text/csv; charset=utf-8', vary: 'Origin' }),
    body,
  });

  it('decides on the parts as on a Response: the coding, or identity with Vary', () => {
    expect(responseCoding(post('gzip;q=0.5, br'), parts(), ['gzip', 'br'])).toBe('br');
    const identity = parts();
    expect(responseCoding(post('identity'), identity, ['gzip', 'br'])).toBeUndefined();
    expect(identity.headers.get('vary')).toBe('Origin, Accept-Encoding');
    const empty = parts(null);
    expect(responseCoding(post('gzip'), empty, ['gzip'])).toBeUndefined();
    expect(empty.headers.get('vary')).toBe('Origin');
  });

  it('says the compressed length when it is known, and drops the old one when it is not', () => {
    const whole = new Headers({ 'content-type': 'text/csv', 'content-length': '5000' });
    setCompressedHeaders(whole, 'br', 1234);
    expect(Object.fromEntries(whole)).toEqual({
      'content-type': 'text/csv',
      'content-encoding': 'br',
      'content-length': '1234',
      vary: 'Accept-Encoding',
    });
    const streamed = new Headers({ 'content-type': 'text/csv', 'content-length': '5000', vary: '*' });
    setCompressedHeaders(streamed, 'gzip');
    expect(Object.fromEntries(streamed)).toEqual({
      'content-type': 'text/csv',
      'content-encoding': 'gzip',
      vary: '*',
    });
  });
});
