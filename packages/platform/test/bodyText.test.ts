import { describe, expect, it } from 'vitest';
import { hasBodyText, markBodyText, takeBodyText } from '../src/index.js';

/** A POST whose body is `text` encoded, marked with `text`. */
function marked(text: string): Request {
  const request = new Request('https://example.com/', {
    method: 'POST',
    body: new TextEncoder().encode(text),
  });
  markBodyText(request, text);
  return request;
}

describe('markBodyText / takeBodyText', () => {
  it('gives the text as UTF-8 decoding of the body gives it: one BOM dropped, lone surrogates as U+FFFD', () => {
    for (const text of ['[1]', '\uFEFF[1]', '\uFEFF\uFEFFx', 'a\uD800b\uDC00c 😀', 'Zoë 名前', '']) {
      const request = marked(text);
      expect(takeBodyText(request)).toBe(new TextDecoder().decode(new TextEncoder().encode(text)));
    }
  });

  it('leaves the body used, so neither a second take nor a standard read gets it', async () => {
    const request = marked('[1]');
    expect(hasBodyText(request)).toBe(true);
    expect(takeBodyText(request)).toBe('[1]');
    expect(request.bodyUsed).toBe(true);
    expect(takeBodyText(request)).toBeUndefined();
    await expect(request.text()).rejects.toThrow(TypeError);
  });

  it('gives nothing for a request without the mark, or whose body is locked or read', async () => {
    const plain = new Request('https://example.com/', { method: 'POST', body: '[1]' });
    expect(hasBodyText(plain)).toBe(false);
    expect(takeBodyText(plain)).toBeUndefined();
    expect(await plain.text()).toBe('[1]');

    const locked = marked('[1]');
    const reader = locked.body!.getReader();
    expect(takeBodyText(locked)).toBeUndefined();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('[1]');

    const read = marked('[1]');
    expect(await read.text()).toBe('[1]');
    expect(takeBodyText(read)).toBeUndefined();

    const bodiless = new Request('https://example.com/');
    markBodyText(bodiless, 'x');
    expect(takeBodyText(bodiless)).toBeUndefined();
  });

  it('is read by any copy of the package: the mark is a registered symbol', () => {
    const request = marked('[1]');
    expect((request as unknown as Record<symbol, unknown>)[Symbol.for('csvfn.bodyText')]).toBe('[1]');
  });
});
