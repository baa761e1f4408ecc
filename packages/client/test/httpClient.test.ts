import { type NodeServer, serve } from '@csvfn/adapter-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvApp } from '../../adapter-lambda/test/csvApp.js';
import { echo } from '../../adapter-lambda/test/events.js';
import { createClient, ProblemError } from '../src/index.js';

// Real sockets: the same small CSV app on adapter-node, reached with the global fetch.
let csv: NodeServer;
let echoing: NodeServer;
beforeAll(async () => {
  [csv, echoing] = await Promise.all([serve(csvApp, { port: 0 }), serve(echo, { port: 0 })]);
});
afterAll(async () => {
  await Promise.all([csv?.close(), echoing?.close()]);
});

const rows = [{ name: 'Ana' }, { name: 'Bo' }];

describe('createClient (HTTP)', () => {
  it('converts rows to CSV, options as query and Accept', async () => {
    const client = createClient({ url: `${csv.url}/api` });
    expect(await client.convert(rows)).toBe('Name,\r\nAna,\r\nBo,\r\n');
    expect(await client.convert(rows, { delimiter: ';', bom: true })).toBe('\uFEFFName;\r\nAna;\r\nBo;\r\n');
    expect(await client.convert(rows, { format: 'tsv' })).toBe('Name\t\r\nAna\t\r\nBo\t\r\n');
  });

  it('posts to the base URL itself, or to a path below it, with the client headers', async () => {
    // The echo app answers 200 with what it saw, so `convert` returns that JSON as its text.
    const client = createClient({ url: `${echoing.url}/api`, headers: { authorization: 'Bearer k' } });
    const direct = JSON.parse(await client.convert(rows));
    expect(new URL(direct.url).pathname).toBe('/api');
    expect(direct.method).toBe('POST');
    expect(direct.headers).toMatchObject({
      authorization: 'Bearer k',
      accept: 'text/csv',
      'content-type': 'application/json',
    });
    expect(Buffer.from(direct.body, 'base64').toString()).toBe(JSON.stringify(rows));
    const below = JSON.parse(
      await client.convert(rows, { path: 'v2', eol: 'lf', headers: { 'x-trace': '1' } }),
    );
    expect(new URL(below.url).pathname + new URL(below.url).search).toBe('/api/v2?eol=lf');
    expect(below.headers['x-trace']).toBe('1');
  });

  it('throws a ProblemError carrying the problem', async () => {
    const client = createClient({ url: csv.url });
    const error = await client.convert([{ name: 1 }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).status).toBe(422);
    expect((error as ProblemError).problem.type).toBe('urn:csvfn:problem:invalid-rows');
  });
});
