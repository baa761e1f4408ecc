import type { ProblemKind } from '@csvfn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceCase } from './cases.js';
import type { RunningTarget, Target, WireRequest, WireResponse } from './target.js';

/** The headers that matter: compared across targets byte for byte. */
export const COMPARED_HEADERS = [
  'content-type',
  'content-disposition',
  'cache-control',
  'x-content-type-options',
  'allow',
  'www-authenticate',
  'retry-after',
  'accept-post',
  'vary',
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
  'access-control-expose-headers',
] as const;

/**
 * Each problem kind's status and title, written out by hand from docs/contract.md and the README's
 * list, not read from the core's table: a change there must fail here.
 */
const PROBLEMS: Record<string, { status: number; title: string }> = {
  'invalid-json': { status: 400, title: 'Body is not valid JSON' },
  'invalid-body': { status: 400, title: 'Body is not an array of objects' },
  'invalid-utf8': { status: 400, title: 'Body is not valid UTF-8' },
  'invalid-gzip': { status: 400, title: 'Body is not valid gzip' },
  'invalid-option': { status: 400, title: 'Invalid query option' },
  unauthorized: { status: 401, title: 'Missing or invalid API key' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'not-acceptable': { status: 406, title: 'Not acceptable' },
  'body-too-large': { status: 413, title: 'Request body too large' },
  'too-many-rows': { status: 413, title: 'Too many rows' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'unsupported-encoding': { status: 415, title: 'Unsupported content encoding' },
  'invalid-rows': { status: 422, title: 'Rows do not match the schema' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'bad-request': { status: 400, title: 'Bad request' },
  internal: { status: 500, title: 'Internal Server Error' },
} satisfies Partial<Record<ProblemKind, { status: number; title: string }>>;

/** The bytes a case sends. */
export function toWire(testCase: ConformanceCase): WireRequest {
  const { request } = testCase;
  const method = request.method ?? 'POST';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  let body: Uint8Array | undefined;
  if (request.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = new TextEncoder().encode(JSON.stringify(request.json));
  } else if (request.text !== undefined) {
    body = new TextEncoder().encode(request.text);
  } else {
    body = request.bytes;
  }
  return {
    method,
    path: `/${testCase.app ?? 'employee'}/api${request.query ?? ''}`,
    headers,
    body,
    chunked: request.chunked,
  };
}

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Asserts one answer against its case, as the contract states it. */
export function assertCase(testCase: ConformanceCase, response: WireResponse): void {
  const { expect: expected } = testCase;
  expect(response.status, decode(response.body)).toBe(expected.status);
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    expect(response.headers[name], `header ${name}`).toBe(value ?? undefined);
  }
  if (expected.body !== undefined) {
    if (typeof expected.body === 'string') expect(decode(response.body)).toBe(expected.body);
    expect(
      Buffer.from(response.body).equals(
        Buffer.from(
          typeof expected.body === 'string' ? new TextEncoder().encode(expected.body) : expected.body,
        ),
      ),
    ).toBe(true);
  }
  if (expected.status >= 400) {
    // Every error is problem+json and leaks nothing: no stack, no file path.
    expect(response.headers['content-type']).toBe('application/problem+json');
    const text = decode(response.body);
    expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\/work\/|file:\/\//);
    const problem = JSON.parse(text);
    expect(problem.status).toBe(expected.status);
    if (expected.problem) {
      const { kind, ...members } = expected.problem;
      expect(problem.type).toBe(`urn:csvfn:problem:${kind}`);
      const known = PROBLEMS[kind];
      expect(known, `a hand-written status and title for ${kind}`).toBeDefined();
      expect(problem.title).toBe(known!.title);
      expect(expected.status, `the case's status for ${kind}`).toBe(known!.status);
      expect(typeof problem.detail).toBe('string');
      expect(problem).toMatchObject(members);
    }
  }
  expected.check?.(response);
}

/** Asserts that a target answered exactly as the reference did. */
export function assertSameAsReference(response: WireResponse, reference: WireResponse): void {
  expect(response.status).toBe(reference.status);
  for (const name of COMPARED_HEADERS)
    expect(response.headers[name], `header ${name}`).toBe(reference.headers[name]);
  expect(decode(response.body)).toBe(decode(reference.body));
  expect(Buffer.from(response.body).equals(Buffer.from(reference.body))).toBe(true);
}

/**
 * Runs every case against every target, and compares each answer with the reference's. `concurrent`
 * sends up to vitest's `maxConcurrency` cases at once: for the targets that take about a second a
 * request (Netlify's worker per request), where waiting one at a time is most of the file's time.
 * Every case is stateless (the rate limit is driven by a header), so order does not matter.
 */
export function runConformance(
  targets: Target[],
  reference: Target,
  cases: ConformanceCase[],
  { concurrent = false }: { concurrent?: boolean } = {},
): void {
  const test = concurrent ? it.concurrent : it;
  let referenceRun: RunningTarget;
  beforeAll(async () => {
    referenceRun = await reference.start();
  });
  afterAll(async () => referenceRun?.close());

  for (const target of targets) {
    describe(target.name, () => {
      let running: RunningTarget;
      beforeAll(async () => {
        running = await target.start();
      });
      afterAll(async () => running?.close());

      const differences = target.differences ?? {};
      it('lists only known differences that name a case', () => {
        const names = new Set(cases.map((testCase) => testCase.name));
        expect(Object.keys(differences).filter((name) => !names.has(name))).toEqual([]);
      });

      for (const testCase of cases) {
        const difference = differences[testCase.name];
        if (difference) {
          test(`${testCase.name} (known difference: ${difference.reason})`, async () => {
            difference.check(await running.send(toWire(testCase)));
          });
          continue;
        }
        test(testCase.name, async () => {
          const wire = toWire(testCase);
          const response = await running.send(wire);
          assertCase(testCase, response);
          if (target !== reference) assertSameAsReference(response, await referenceRun.send(wire));
        });
      }
    });
  }
}
