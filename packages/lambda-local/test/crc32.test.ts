import { describe, expect, it } from 'vitest';
import { tableCrc32 } from '../src/eventStream.js';

/**
 * The table CRC-32 that frames event-stream messages on Node before 20.15 (where zlib.crc32 is
 * missing). It is checked against published check values, not against zlib, so it is exercised
 * even on a Node that would never call it.
 */
describe('tableCrc32, the fallback CRC-32', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it.each([
    ['the standard check value, "123456789"', bytes('123456789'), 0xcbf43926],
    ['no bytes', new Uint8Array(0), 0],
    ['"a"', bytes('a'), 0xe8b7be43],
    ['"abc"', bytes('abc'), 0x352441c2],
    ['the quick brown fox', bytes('The quick brown fox jumps over the lazy dog'), 0x414fa339],
    ['32 zero bytes', new Uint8Array(32), 0x190a55ad],
    ['32 0xff bytes', new Uint8Array(32).fill(0xff), 0xff6cab0b],
    ['every byte value once, 0 to 255', Uint8Array.from({ length: 256 }, (_, n) => n), 0x29058c73],
  ])('%s', (_, data, expected) => {
    expect(tableCrc32(data)).toBe(expected);
  });
});
