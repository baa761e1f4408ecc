import { gzipSync } from 'node:zlib';
import type { RawRequest } from './rawHttp.js';

/** The conformance app the late-failure cases post to (`framing`: a 1 MiB body limit). */
const PATH = '/framing/api';
const ROW = `${JSON.stringify({ name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 })}\n`;
/** Rows whose CSV passes the core's 64 KiB hold-back, so the 200 has gone out when the body fails. */
const GOOD = ROW.repeat(2000);

/** A body that fails only after the answer has started, and the problem it earns. */
export interface LateFailureCase {
  name: string;
  request: (host: string) => RawRequest;
  status: number;
  type: string;
}

const head = (host: string, extra = '') =>
  `POST ${PATH} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/x-ndjson\r\nconnection: close${extra}`;

/** The three ways an NDJSON answer fails after its 200: a bad row, too many bytes, a gzip bomb. */
export const lateFailureCases: LateFailureCase[] = [
  {
    name: 'a bad NDJSON row after 64 KiB of CSV',
    request: (host) => ({ head: head(host), body: Buffer.from(`${GOOD}{"name":1}\n`) }),
    status: 422,
    type: 'urn:csvfn:problem:invalid-rows',
  },
  {
    name: 'a chunked NDJSON body over the limit',
    request: (host) => ({ head: head(host), body: Buffer.from(ROW.repeat(14_000)), chunked: true }),
    status: 413,
    type: 'urn:csvfn:problem:body-too-large',
  },
  {
    name: 'a gzip NDJSON bomb',
    request: (host) => ({
      head: head(host, '\r\ncontent-encoding: gzip'),
      body: gzipSync(ROW.repeat(40_000)),
    }),
    status: 413,
    type: 'urn:csvfn:problem:body-too-large',
  },
];
