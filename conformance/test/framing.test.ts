import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lateFailureCases } from '../src/lateFailures.js';
import { rawExchange } from '../src/rawHttp.js';
import type { RunningTarget, Target } from '../src/target.js';
import { bunTarget } from '../src/targets/bun.js';
import { denoTarget } from '../src/targets/deno.js';
import { gcfTarget } from '../src/targets/gcf.js';
import { lambdaAlbSingleValueTarget, lambdaTargets } from '../src/targets/lambda.js';
import { nodeTarget } from '../src/targets/node.js';
import { vercelTargets } from '../src/targets/vercel.js';
import { workersTarget, wranglerDevTarget } from '../src/targets/workers.js';

/**
 * What a client sees, at the HTTP framing level, when an NDJSON answer fails after its 200 has
 * started. Never a well-formed, complete body: either the framing is cut (the connection ends
 * before the last chunk), or the adapter held the answer back and sends the problem it earned.
 */
type Seen = 'cut' | 'problem' | 'stalled';

/** How long a target may leave a failed answer open before the test calls it stalled. */
const STALLED_MS = 5_000;

/** One running instance per target for the whole file (one `wrangler dev` start, not two). */
const started = new Map<Target, Promise<RunningTarget>>();
const startOnce = (target: Target) => {
  let running = started.get(target);
  if (!running) {
    running = target.start();
    started.set(target, running);
  }
  return running;
};
afterAll(async () => {
  await Promise.all([...started.values()].map(async (running) => (await running).close()));
});

const byName = (name: string) =>
  [nodeTarget, workersTarget, ...vercelTargets, ...lambdaTargets, lambdaAlbSingleValueTarget].find(
    (target) => target.name === name,
  )!;

const expectations: Array<[Target, Seen, Record<string, Seen>?]> = [
  // Node streams: the socket is destroyed, the chunked body never ends.
  [nodeTarget, 'cut'],
  // workerd would end a failed body cleanly: the adapter holds the answer back instead.
  [workersTarget, 'problem'],
  [wranglerDevTarget, 'problem'],
  // Vercel buffers answers anyway: held back, so the dev server's proxy never sees a cut either.
  [byName('vercel-node-helpers-off'), 'problem'],
  [byName('vercel-node-helpers-on'), 'problem'],
  [byName('vercel-web'), 'problem'],
  // Lambda's buffered front doors answer from the whole result; the streaming one cuts.
  [byName('lambda-function-url'), 'problem'],
  [byName('lambda-http-api'), 'problem'],
  [byName('lambda-rest-api'), 'problem'],
  [byName('lambda-alb'), 'problem'],
  [byName('lambda-alb-multi-value'), 'problem'],
  // Its front door buffers the body first, so the function sees a Content-Length over the limit
  // and answers 413 before any 200: nothing is left to cut.
  [byName('lambda-function-url-streaming'), 'cut', { 'a chunked NDJSON body over the limit': 'problem' }],
  // GCF runs adapter-node's listener (holdBytes 0): the socket is destroyed. body-parser reads the
  // whole body first (and inflates it), so a body over the limit is a 413 before any 200.
  [gcfTarget, 'cut', { 'a chunked NDJSON body over the limit': 'problem', 'a gzip NDJSON bomb': 'problem' }],
  // Deno and Bun serve the core handler with no adapter. Deno leaves a response whose body failed
  // unfinished and the connection open for seconds (the client waits); a gzip bomb inflates past
  // the limit before the first CSV goes out, so it is a 413.
  [denoTarget, 'stalled', { 'a gzip NDJSON bomb': 'problem' }],
  // Bun ends the transfer unfinished.
  [bunTarget, 'cut'],
];

describe.each(
  expectations.map(([target, seen, except = {}]) => [target.name, target, seen, except] as const),
)('a late failure on %s', (_, target, usually, except) => {
  let running: RunningTarget;
  beforeAll(async () => {
    running = await startOnce(target);
  }, 60_000);

  it.each(lateFailureCases)(`never looks complete: $name`, async (failure) => {
    const seen = except[failure.name] ?? usually;
    const host = new URL(running.url!).host;
    let request = failure.request(host);
    // The dev server's proxy refuses chunked uploads (Vercel's edge buffers bodies): Content-Length.
    if (target.name.startsWith('vercel')) request = { ...request, chunked: false };
    const answer = await rawExchange(running.url!, request, 30_000, STALLED_MS);
    expect(answer.status === 200 && answer.complete, 'a 200 that looks complete').toBe(false);
    if (seen === 'cut' || seen === 'stalled') {
      expect(answer.status).toBe(200);
      expect(answer.complete).toBe(false);
      expect(answer.body.byteLength).toBeGreaterThan(0);
      expect(answer.closed !== false, 'the connection closed').toBe(seen === 'cut');
    } else {
      expect(answer.complete).toBe(true);
      expect(answer.status).toBe(failure.status);
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(JSON.parse(answer.body.toString())).toMatchObject({
        type: failure.type,
        status: failure.status,
      });
    }
    // The target is still up and answers the next request in full.
    const followUp = () =>
      rawExchange(running.url!, {
        head: `POST /framing/api HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\nconnection: close`,
        body: Buffer.from('[]'),
      });
    let next = await followUp();
    // wrangler dev's proxy answers the one request after an upload it was still forwarding when
    // the Worker answered (the 413 to a chunked body) with its own 503 "Your worker restarted
    // mid-request"; workerd itself answers it (the `workers` target), and so does the next one.
    if (target === wranglerDevTarget && next.status === 503) next = await followUp();
    expect(next).toMatchObject({ status: 200, complete: true });
  });
});

describe('wrangler dev after an answer that never read the body', () => {
  let running: RunningTarget;
  beforeAll(async () => {
    running = await startOnce(wranglerDevTarget);
  }, 60_000);

  // Once a 415 left the body locked: wrangler could not drain it, and the next request hung.
  it('answers an early answer, then a normal request, 50 times out of 50', async () => {
    const host = new URL(running.url!).host;
    const post = (type: string, query = '') => ({
      head: `POST /employee/api${query} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: ${type}\r\nconnection: close`,
      body: Buffer.from('[{"name":"John Doe","age":45,"jobTitle":"Dev","badgeNumber":1}]'),
    });
    const seen: string[] = [];
    for (let round = 0; round < 50; round++) {
      const early = await rawExchange(
        running.url!,
        round % 2 ? post('text/plain') : post('application/json', '?delimiter=xx'),
        15_000,
      );
      const normal = await rawExchange(running.url!, post('application/json'), 15_000);
      seen.push(`${early.status}${early.complete ? '' : '!'} ${normal.status}${normal.complete ? '' : '!'}`);
    }
    expect(seen).toEqual(Array.from({ length: 50 }, (_, round) => (round % 2 ? '415 200' : '400 200')));
  }, 120_000);
});
