import { get } from 'node:http';
import type { SentOutcome } from '@csvfn/platform';
import { describe, expect, it } from 'vitest';
import type { FetchHandler, NodePlatform } from '../src/index.js';
import { listen, send, shutdown, signal, within } from './harness.js';

/** A handler that answers `answer()` and records when `platform.onSent` reported, and what. */
function reporting(answer: (request: Request) => Response | Promise<Response>) {
  const sent = signal<SentOutcome>();
  const handler: FetchHandler<NodePlatform> = async (request, platform) => {
    expect(platform.onSent).toBeTypeOf('function');
    platform.onSent!((outcome) => sent.resolve(outcome));
    return answer(request);
  };
  return { handler, sent: sent.promise };
}

describe('platform.onSent', () => {
  it('reports a whole answer once it is written, with its body bytes', async () => {
    const { handler, sent } = reporting(() => new Response('name,age\nÅsa,41\n'));
    const server = await listen(handler);
    try {
      const answer = await send(server, { method: 'GET' });
      expect(answer.body.toString()).toBe('name,age\nÅsa,41\n');
      // 16 characters, one of them two bytes in UTF-8.
      expect(await within(sent, 5_000, 'onSent after the answer')).toEqual({ bytes: 17 });
    } finally {
      await shutdown(server);
    }
  });

  it('reports no body bytes for a HEAD request', async () => {
    const { handler, sent } = reporting(() => new Response('x'.repeat(100)));
    const server = await listen(handler);
    try {
      await send(server, { method: 'HEAD' });
      expect(await within(sent, 5_000, 'onSent after the HEAD answer')).toEqual({ bytes: 0 });
    } finally {
      await shutdown(server);
    }
  });

  it('reports a streamed answer only after its last chunk, without counting it', async () => {
    const chunks: string[] = [];
    const { handler, sent } = reporting(() => {
      let left = 3;
      return new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            await new Promise((next) => setTimeout(next, 20));
            chunks.push(`chunk ${left}`);
            controller.enqueue(new TextEncoder().encode(`${left}\n`));
            if (--left === 0) controller.close();
          },
        }),
      );
    });
    const server = await listen(handler);
    try {
      const answer = await send(server, { method: 'GET' });
      expect(answer.body.toString()).toBe('3\n2\n1\n');
      const outcome = await within(sent, 5_000, 'onSent after the streamed answer');
      expect(outcome).toEqual({ bytes: undefined });
      expect(chunks).toHaveLength(3);
    } finally {
      await shutdown(server);
    }
  });

  for (const when of ['before', 'after'] as const)
    it(`reports aborted when the client leaves before the answer (listening ${when} it left)`, async () => {
      const sent = signal<SentOutcome>();
      const server = await listen(async (request, platform) => {
        if (when === 'before') platform.onSent!((outcome) => sent.resolve(outcome));
        await new Promise((gone) => request.signal.addEventListener('abort', gone));
        if (when === 'after') platform.onSent!((outcome) => sent.resolve(outcome));
        return new Response('too late');
      });
      try {
        const req = get({ host: '127.0.0.1', port: server.port, agent: false });
        req.on('error', () => {});
        req.on('socket', (socket) => socket.on('connect', () => setTimeout(() => req.destroy(), 50)));
        const outcome = await within(sent.promise, 5_000, 'onSent after the client left');
        expect(outcome.aborted).toBe(true);
      } finally {
        await shutdown(server);
      }
    });
});
