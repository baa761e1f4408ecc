import { localhostCert } from '@csvfn/harness/tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { framedExchange } from './framing.js';
import { lateFailureCases } from './lateFailures.js';
import type { RunningTarget, Target, WireRequest } from './target.js';

/**
 * What a client sees, at the framing level, when an NDJSON answer fails after its 200 has started.
 * Never a well-formed, complete body: either the framing is cut (the connection, the HTTP/2 stream
 * or the Response's body ends in failure before the end), or the adapter held the answer back and
 * sends the problem it earned, or (pinned) the target leaves it open: stalled.
 */
type Seen = 'cut' | 'problem' | 'stalled';

/** Where a platform answers a case with another problem than csvfn's own (a known difference). */
interface OtherProblem {
  status: number;
  type: string;
}

/** How long a target may leave a failed answer open before the test calls it stalled. */
const STALLED_MS = 5_000;

/** Netlify's emulator reads a gzip body as text (see targets/netlify.ts): mangled, it is a 400. */
const gzipAsText: OtherProblem = { status: 400, type: 'urn:csvfn:problem:invalid-gzip' };

/** Per target (by name): what a client sees, and the cases where it sees something else. */
export const lateFailureExpectations: Record<string, [Seen, Record<string, Seen | OtherProblem>?]> = {
  // The core handler itself, no adapter: past its 64 KiB hold-back the Response's body fails.
  core: ['cut'],
  // Node streams: the socket is destroyed, the chunked body never ends.
  'node-http': ['cut'],
  // Node's HTTP/2: the stream is reset (RST_STREAM) before END_STREAM; over TLS the same, and the
  // HTTP/1.1 fallback on the same server destroys its socket as node-http does.
  'node-h2c': ['cut'],
  'node-h2-tls': ['cut'],
  'node-h2-tls-http1': ['cut'],
  // workerd would end a failed body cleanly: the adapter holds the answer back instead.
  workers: ['problem'],
  'workers-wrangler-dev': ['problem'],
  // Vercel buffers answers anyway: held back, so the dev server's proxy never sees a cut either;
  // the Edge runtime is held back the same (handleWeb, 8 MiB).
  'vercel-node-helpers-off': ['problem'],
  'vercel-node-helpers-on': ['problem'],
  'vercel-web': ['problem'],
  'vercel-edge': ['problem'],
  // Lambda's buffered front doors answer from the whole result; the streaming one cuts.
  'lambda-function-url': ['problem'],
  'lambda-http-api': ['problem'],
  'lambda-rest-api': ['problem'],
  // Without binary media types the gzip body arrives as text, mangled: a 400 before any 200.
  'lambda-rest-api-default': ['problem', { 'a gzip NDJSON bomb': gzipAsText }],
  'lambda-alb': ['problem'],
  'lambda-alb-multi-value': ['problem'],
  // Its front door buffers the body first, so the function sees a Content-Length over the limit
  // and answers 413 before any 200: nothing is left to cut.
  'lambda-function-url-streaming': ['cut', { 'a chunked NDJSON body over the limit': 'problem' }],
  // No HTTP: what the invoke client's Response shows. Invoke returns the buffered handler's whole
  // result: the problem, as a front door would.
  'lambda-invoke': ['problem'],
  // InvokeWithResponseStream ends a failed stream with an InvokeComplete error code, which the
  // invoke client turns into a failing body. The event carries the whole body (a Content-Length
  // over the limit): 413 before any 200, as behind a Function URL.
  'lambda-invoke-streaming': ['cut', { 'a chunked NDJSON body over the limit': 'problem' }],
  // GCF runs adapter-node's listener (holdBytes 0): the socket is destroyed. body-parser reads the
  // whole body first (and inflates it), so a body over the limit is a 413 before any 200.
  gcf: ['cut', { 'a chunked NDJSON body over the limit': 'problem', 'a gzip NDJSON bomb': 'problem' }],
  // Deno and Bun serve the core handler with no adapter. Deno 2.9 leaves a response whose body
  // failed unfinished and the connection open for seconds (the client waits) when the handler read
  // part of the request body and released it, as the core does; it cuts at once after a cancel, but
  // the core never cancels (wrangler dev and Vercel's Node.js runtime break on one). A gzip bomb
  // inflates past the limit before the first CSV goes out, so it is a 413.
  deno: ['stalled', { 'a gzip NDJSON bomb': 'problem' }],
  // Bun ends the transfer unfinished.
  bun: ['cut'],
  // The Azure adapter holds back 8 MiB (the host buffers, or cannot show a cut): the problem.
  'azure (stand-in)': ['problem'],
  'azure-stream (stand-in)': ['problem'],
  // Netlify Functions hold back 8 MiB, as Vercel and Azure: the problem.
  netlify: ['problem', { 'a gzip NDJSON bomb': gzipAsText }],
  // Netlify Edge Functions hold back 8 MiB too: streamed on, a failed body is an unhandled
  // rejection in @netlify/dev's edge worker, and its whole Deno server exits.
  'netlify-edge': ['problem'],
};

const times = (stalledAfterMs?: number) => ({ timeoutMs: 30_000, stalledAfterMs, ca: localhostCert });

/**
 * The late-failure cases on one target, over the wire its clients use (see `framedExchange`). A
 * target with no written expectation fails: framing.test.ts checks that every target has one.
 */
export function runLateFailures(target: Target): void {
  const [usually, except = {}] = lateFailureExpectations[target.name] ?? [];
  describe(`a late failure on ${target.name}`, () => {
    let running: RunningTarget;
    beforeAll(async () => {
      running = await target.start();
    }, 240_000);
    afterAll(async () => running?.close());

    it.each(lateFailureCases)(`never looks complete: $name`, async (failure) => {
      const seen = except[failure.name] ?? usually;
      if (!seen) throw new Error(`no written late-failure expectation for ${target.name}`);
      let request = failure.request;
      // The dev server's proxy refuses chunked uploads (Vercel's edge buffers bodies): Content-Length.
      if (target.name.startsWith('vercel')) request = { ...request, chunked: false };
      const answer = await framedExchange(running, request, times(STALLED_MS));
      expect(answer.status === 200 && answer.complete, 'a 200 that looks complete').toBe(false);
      if (seen === 'cut' || seen === 'stalled') {
        expect(answer.status).toBe(200);
        expect(answer.complete).toBe(false);
        expect(answer.body.byteLength).toBeGreaterThan(0);
        expect(answer.closed !== false, 'the answer ended').toBe(seen === 'cut');
      } else {
        const problem = seen === 'problem' ? failure : seen;
        expect(answer.complete).toBe(true);
        expect(answer.status).toBe(problem.status);
        expect(answer.headers['content-type']).toBe('application/problem+json');
        expect(JSON.parse(answer.body.toString())).toMatchObject({
          type: problem.type,
          status: problem.status,
        });
      }
      // The target is still up and answers the next request in full.
      const empty: WireRequest = {
        method: 'POST',
        path: '/framing/api',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from('[]'),
      };
      let next = await framedExchange(running, empty, times());
      // wrangler dev's proxy answers the one request after an upload it was still forwarding when
      // the Worker answered (the 413 to a chunked body) with its own 503 "Your worker restarted
      // mid-request"; workerd itself answers it (the `workers` target), and so does the next one.
      if (target.name === 'workers-wrangler-dev' && next.status === 503)
        next = await framedExchange(running, empty, times());
      expect(next).toMatchObject({ status: 200, complete: true });
    });
  });
}
