// What the soak sends, and what each request must get back: every expected answer is known
// before the request goes out, and written here from the contract, not from csvfn's output.
import { gzipSync } from 'node:zlib';

/** The server's limits: small, so that oversized requests stay cheap to send. */
export const LIMITS = { maxBodyBytes: 256 * 1024, maxRows: 2000 };
/** Requests /limited allows per hour (a per-instance token bucket). */
export const RATE_LIMIT = 100;
/** Slow-client timeouts of serve(), short so that slow-loris clients are cut off within the run. */
export const TIMEOUTS = { headersTimeout: 2000, requestTimeout: 5000, connectionsCheckingInterval: 250 };

const HEADER = 'Name,Age,Job Title,Badge Number\r\n';
const KEYS = ['soak-key-old', 'soak-key-new'];
const BOMB = gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20)); // 20 MiB of spaces, about 20 KiB

/** Rows whose values are unique to the request, so an answer sent to the wrong client shows. */
function rows(id, count) {
  const out = [];
  for (let i = 0; i < count; i++)
    out.push({ name: `r${id}-${i}`, age: i % 100, jobTitle: 'Engineer', badgeNumber: id * 10_000 + i });
  return out;
}
function csvOf(list) {
  let csv = HEADER;
  for (const row of list) csv += `${row.name},${row.age},${row.jobTitle},${row.badgeNumber}\r\n`;
  return csv;
}
const json = (headers = {}) => ({ 'content-type': 'application/json', ...headers });
const auth = (id) => ({ authorization: `Bearer ${KEYS[id % 2]}` });

/**
 * Kinds of request, with their share of the mix. Each returns the request and its expected
 * answer: `status`, and `body` (exact CSV) or `problem` (the problem type's kind).
 * `abort: 'upload'` cuts the connection mid-body; `abort: 'download'` mid-answer.
 */
export const KINDS = {
  'valid-small': [
    30,
    (id) => {
      const list = rows(id, 1 + (id % 50));
      return { headers: json(auth(id)), body: JSON.stringify(list), status: 200, csv: csvOf(list) };
    },
  ],
  'valid-medium': [
    6,
    (id) => {
      const list = rows(id, 500 + (id % 1000));
      return {
        headers: json(auth(id)),
        body: JSON.stringify(list),
        status: 200,
        csv: csvOf(list),
        chunked: id % 2 === 0,
      };
    },
  ],
  'ndjson-streamed': [
    5,
    (id) => {
      const list = rows(id, LIMITS.maxRows);
      const body = list.map((row) => JSON.stringify(row)).join('\n');
      return {
        headers: { 'content-type': 'application/x-ndjson', ...auth(id) },
        body,
        status: 200,
        csv: csvOf(list),
        chunked: true,
      };
    },
  ],
  gzip: [
    8,
    (id) => {
      const list = rows(id, 1 + (id % 300));
      return {
        headers: json({ 'content-encoding': 'gzip', ...auth(id) }),
        body: gzipSync(JSON.stringify(list)),
        status: 200,
        csv: csvOf(list),
      };
    },
  ],
  'invalid-json': [
    8,
    (id) => ({ headers: json(auth(id)), body: `[{"name":"r${id}",`, status: 400, problem: 'invalid-json' }),
  ],
  'invalid-rows': [
    8,
    (id) => ({
      headers: json(auth(id)),
      body: JSON.stringify([{ name: `r${id}`, age: 'forty', jobTitle: 'x', badgeNumber: 1 }]),
      status: 422,
      problem: 'invalid-rows',
    }),
  ],
  'too-many-rows': [
    2,
    (id) => ({
      headers: json(auth(id)),
      body: JSON.stringify(new Array(LIMITS.maxRows + 1).fill({})),
      status: 413,
      problem: 'too-many-rows',
    }),
  ],
  'oversized-declared': [
    3,
    (id) => ({
      headers: json(auth(id)),
      body: Buffer.alloc(LIMITS.maxBodyBytes + 1 + (id % 64) * 1024, 0x20),
      status: 413,
      problem: 'body-too-large',
    }),
  ],
  'oversized-chunked': [
    3,
    (id) => ({
      headers: json(auth(id)),
      body: Buffer.alloc(LIMITS.maxBodyBytes + 4096 + (id % 64) * 1024, 0x20),
      status: 413,
      problem: 'body-too-large',
      chunked: true,
    }),
  ],
  'gzip-bomb': [
    2,
    (id) => ({
      headers: json({ 'content-encoding': 'gzip', ...auth(id) }),
      body: BOMB,
      status: 413,
      problem: 'body-too-large',
    }),
  ],
  'gzip-garbage': [
    3,
    (id) => ({
      headers: json({ 'content-encoding': 'gzip', ...auth(id) }),
      body: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, id % 256]),
      status: 400,
      problem: 'invalid-gzip',
    }),
  ],
  'wrong-method': [
    3,
    (id) => ({ method: 'GET', headers: auth(id), status: 405, problem: 'method-not-allowed' }),
  ],
  'wrong-type': [
    3,
    (id) => ({
      headers: { 'content-type': 'text/plain', ...auth(id) },
      body: '[]',
      status: 415,
      problem: 'unsupported-media-type',
    }),
  ],
  'wrong-key': [
    4,
    (id) => ({
      headers: json({ authorization: `Bearer soak-key-${id}` }),
      body: '[]',
      status: 401,
      problem: 'unauthorized',
    }),
  ],
  'rate-limited': [
    4,
    (id) => ({
      path: '/limited',
      headers: json(),
      body: JSON.stringify(rows(id, 1)),
      status: 'rate',
      csv: csvOf(rows(id, 1)),
    }),
  ],
  'abort-upload': [
    4,
    (id) => ({
      headers: json({ ...auth(id), 'content-length': '100000' }),
      body: Buffer.from(`[{"name":"r${id}"`),
      status: 'aborted',
      abort: 'upload',
    }),
  ],
  'abort-download': [
    4,
    (id) => {
      const list = rows(id, LIMITS.maxRows);
      return {
        headers: { 'content-type': 'application/x-ndjson', ...auth(id) },
        body: list.map((row) => JSON.stringify(row)).join('\n'),
        status: 200,
        abort: 'download',
      };
    },
  ],
};

/** Kinds left out of the mix (SOAK_SKIP=gzip,gzip-bomb), to find what a figure comes from. */
const SKIP = new Set((process.env.SOAK_SKIP ?? '').split(',').filter(Boolean));
const MIX = Object.entries(KINDS).filter(([name]) => !SKIP.has(name));

/** The kind of the id-th request: a fixed, shuffled-looking sequence through the weighted mix. */
export function kindOf(id) {
  const total = MIX.reduce((sum, [, [weight]]) => sum + weight, 0);
  // A multiplicative hash spreads consecutive ids over the mix.
  let slot = Math.imul(id + 1, 2654435761) >>> 0;
  slot %= total;
  for (const [name, [weight]] of MIX) {
    if (slot < weight) return name;
    slot -= weight;
  }
  throw new Error('unreachable');
}
