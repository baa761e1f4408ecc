import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lateFailureExpectations, runLateFailures } from '../src/lateFailureSuite.js';
import { rawExchange } from '../src/rawHttp.js';
import { startedOnce } from '../src/startedOnce.js';
import type { RunningTarget } from '../src/target.js';
import { lambdaAlbSingleValueTarget } from '../src/targets/lambda.js';
import { netlifyTarget } from '../src/targets/netlify.js';
import { netlifyEdgeTarget } from '../src/targets/netlifyEdge.js';
import { wranglerDevTarget } from '../src/targets/workers.js';
import { allTargets } from '../src/targets.js';

/**
 * Late failures (src/lateFailureSuite.ts) on every target: the suite's here, with the ALB single
 * value one; Netlify's two in their own files, on the instance their conformance cases use (one
 * start each: @netlify/dev is the slowest to start, and started beside the others here its
 * functions runtime broke the Lambda streaming targets in the same process).
 */
const elsewhere = [netlifyTarget, netlifyEdgeTarget];
const here = [...allTargets.filter((target) => !elsewhere.includes(target)), lambdaAlbSingleValueTarget];

it('has a written expectation for every target, and none for a target that is gone', () => {
  const names = [...here, ...elsewhere].map((target) => target.name);
  expect(
    names.filter((name) => !(name in lateFailureExpectations)),
    'targets without an expectation',
  ).toEqual([]);
  expect(
    Object.keys(lateFailureExpectations).filter((name) => !names.includes(name)),
    'expectations of no target',
  ).toEqual([]);
});

// One wrangler dev for its late failures and the test below.
const wrangler = startedOnce(wranglerDevTarget);
for (const target of here) runLateFailures(target === wranglerDevTarget ? wrangler : target);

describe('wrangler dev after an answer that never read the body', () => {
  let running: RunningTarget;
  beforeAll(async () => {
    running = await wrangler.start();
  }, 60_000);
  afterAll(async () => running?.close());

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
