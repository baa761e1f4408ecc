import * as zlib from 'node:zlib';

const STRING = 7;

// zlib.crc32 arrived in Node 20.15; before that, the same CRC-32 from a table.
const crc32: (data: Uint8Array) => number =
  (zlib as { crc32?: (data: Uint8Array) => number }).crc32 ?? tableCrc32;
let table: Uint32Array | undefined;
/** CRC-32 (IEEE) from a table: the fallback for Node before 20.15, exported to test it on its own. */
export function tableCrc32(data: Uint8Array): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c;
  });
  let crc = 0xffffffff;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
const encoder = new TextEncoder();

/**
 * One message of AWS's `application/vnd.amazon.eventstream` framing, as the SDK decodes it:
 * total length, headers length, prelude CRC32, headers (name, type 7 = string, value), payload,
 * message CRC32 — integers big-endian.
 */
export function encodeEventMessage(headers: Record<string, string>, payload: Uint8Array): Uint8Array {
  const encoded = Object.entries(headers).map(([name, value]) => [
    encoder.encode(name),
    encoder.encode(value),
  ]);
  const headersLength = encoded.reduce(
    (sum, [name, value]) => sum + 1 + name!.byteLength + 3 + value!.byteLength,
    0,
  );
  const total = 12 + headersLength + payload.byteLength + 4;
  const message = new Uint8Array(total);
  const view = new DataView(message.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headersLength);
  view.setUint32(8, crc32(message.subarray(0, 8)));
  let offset = 12;
  for (const [name, value] of encoded) {
    view.setUint8(offset, name!.byteLength);
    message.set(name!, offset + 1);
    offset += 1 + name!.byteLength;
    view.setUint8(offset, STRING);
    view.setUint16(offset + 1, value!.byteLength);
    message.set(value!, offset + 3);
    offset += 3 + value!.byteLength;
  }
  message.set(payload, offset);
  view.setUint32(total - 4, crc32(message.subarray(0, total - 4)));
  return message;
}

/** A `PayloadChunk` event of `InvokeWithResponseStream`: some of the function's bytes. */
export function payloadChunk(bytes: Uint8Array): Uint8Array {
  return encodeEventMessage(
    { ':event-type': 'PayloadChunk', ':content-type': 'application/octet-stream', ':message-type': 'event' },
    bytes,
  );
}

/** The closing `InvokeComplete` event; `ErrorCode` and `ErrorDetails` set when the function failed. */
export function invokeComplete(error?: { errorType: string; errorMessage: string }): Uint8Array {
  const body = error ? { ErrorCode: 'Unhandled', ErrorDetails: JSON.stringify(error), LogResult: '' } : {};
  return encodeEventMessage(
    { ':event-type': 'InvokeComplete', ':content-type': 'application/json', ':message-type': 'event' },
    encoder.encode(JSON.stringify(body)),
  );
}
