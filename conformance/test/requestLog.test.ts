import { connect } from 'node:net';
import { type NodeServer, serve } from '@csvfn/adapter-node';
import { createCsvHandler, type RequestLog } from '@csvfn/core';
import { employeeSchema } from '@csvfn/core/employee';
import { afterEach, describe, expect, it } from 'vitest';

const row = { name: 'John Doe', age: 45, jobTitle: 'Software Developer', badgeNumber: 58195 };

let server: NodeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function logging() {
  const logs: RequestLog[] = [];
  server = await serve(createCsvHandler({ schema: employeeSchema, logger: (entry) => logs.push(entry) }), {
    port: 0,
    hostname: '127.0.0.1',
  });
  return { logs, url: `http://127.0.0.1:${server.port}/` };
}

// On Node the line of a whole answer is written once the answer went out (platform.onSent): the
// first answer of a cold process does not wait for stdout's first write.
describe('the request log line on Node, over a real socket', () => {
  it('is written once per answer, after the answer went out', async () => {
    const { logs, url } = await logging();
    const body = JSON.stringify([row, row]);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const csv = await response.text();
    expect(csv).toBe(
      'Name,Age,Job Title,Badge Number\r\nJohn Doe,45,Software Developer,58195\r\nJohn Doe,45,Software Developer,58195\r\n',
    );
    await expect.poll(() => logs.length).toBe(1);
    expect(logs[0]).toMatchObject({
      level: 'info',
      provider: 'node',
      method: 'POST',
      status: 200,
      rows: 2,
      bytesIn: body.length,
      bytesOut: csv.length,
      coldStart: true,
    });
    expect(logs[0]!.requestId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(logs[0]!.aborted).toBeUndefined();
  });

  it('marks the answer to a client that left mid-body as aborted', async () => {
    const { logs } = await logging();
    const socket = connect(server!.port, '127.0.0.1');
    socket.on('error', () => {});
    await new Promise((connected) => socket.once('connect', connected));
    // 1,000 bytes declared, 10 sent, then gone: the body cannot be read, and its 400 reaches no one.
    socket.write(
      'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{"name":',
    );
    await new Promise((later) => setTimeout(later, 50));
    socket.destroy();
    await expect.poll(() => logs.length).toBe(1);
    expect(logs[0]).toMatchObject({ status: 400, problem: 'urn:csvfn:problem:bad-request', aborted: true });
  });
});
