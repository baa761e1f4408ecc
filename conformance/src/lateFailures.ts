import { gzipSync } from 'node:zlib';
import type { WireRequest } from './target.js';

/** The conformance app the late-failure cases post to (`framing`: a 1 MiB body limit). */
const PATH = '/framing/api';
const ROW = `${JSON.stringify({ name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 })}\n`;
/** Rows whose CSV passes the core's 64 KiB hold-back, so the 200 has gone out when the body fails. */
const GOOD = ROW.repeat(2000);

/** A body that fails only after the answer has started, and the problem it earns. */
export interface LateFailureCase {
  name: string;
  request: WireRequest;
  status: number;
  type: string;
}

const post = (body: Uint8Array, extra: Record<string, string> = {}, chunked = false): WireRequest => ({
  method: 'POST',
  path: PATH,
  headers: { 'content-type': 'application/x-ndjson', ...extra },
  body,
  chunked,
});

/** The three ways an NDJSON answer fails after its 200: a bad row, too many bytes, a gzip bomb. */
export const lateFailureCases: LateFailureCase[] = [
  {
    name: 'a bad NDJSON row after 64 KiB of CSV',
    request: post(Buffer.from(`${GOOD}{"name":1}\n`)),
    status: 422,
    type: 'urn:csvfn:problem:invalid-rows',
  },
  {
    name: 'a chunked NDJSON body over the limit',
    request: post(Buffer.from(ROW.repeat(14_000)), {}, true),
    status: 413,
    type: 'urn:csvfn:problem:body-too-large',
  },
  {
    name: 'a gzip NDJSON bomb',
    request: post(gzipSync(ROW.repeat(40_000)), { 'content-encoding': 'gzip' }),
    status: 413,
    type: 'urn:csvfn:problem:body-too-large',
  },
];
