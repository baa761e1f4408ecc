import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { handle, type LambdaFetchHandler } from '../src/index.js';
import { albEvent, context, restEvent, v2Event } from './events.js';

const csv = `Name\r\n${'Ada Lovelace\r\n'.repeat(500)}`;
const app: LambdaFetchHandler = () =>
  new Response(csv, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
const header = (result: any, name: string) => result.headers?.[name] ?? result.multiValueHeaders?.[name]?.[0];

describe('handle: a REST API (payload 1.0) decodes base64 only for its binaryMediaTypes', () => {
  it("answers AWS's sample REST event, which accepts gzip, in plain text by default", async () => {
    // apigw-request.json: Accept */*, Accept-Encoding gzip, deflate, as a browser or curl sends.
    const result: any = await handle(app)(restEvent(), context);
    expect(result.statusCode).toBe(200);
    expect(header(result, 'content-encoding')).toBeUndefined();
    expect(result.isBase64Encoded).toBe(false);
    expect(result.body).toBe(csv);
  });

  it('compresses with binaryMediaTypes */*, as the API set up the same way decodes it', async () => {
    const result: any = await handle(app, { binaryMediaTypes: ['*/*'] })(restEvent(), context);
    expect(header(result, 'content-encoding')).toBe('gzip');
    expect(result.isBase64Encoded).toBe(true);
    expect(gunzipSync(Buffer.from(result.body, 'base64')).toString()).toBe(csv);
  });

  it('matches the first Accept media type only, as API Gateway does', async () => {
    const options = { binaryMediaTypes: ['text/csv', 'image/*'] };
    const event = (accept: string) => restEvent({ headers: { accept, 'accept-encoding': 'gzip' } });
    const decoded = async (accept: string) =>
      (await handle(app, options)(event(accept), context)).isBase64Encoded;
    expect(await decoded('text/csv')).toBe(true);
    expect(await decoded('image/png, text/html')).toBe(true);
    expect(await decoded('text/html, text/csv')).toBe(false);
    expect(await decoded('*/*')).toBe(false);
  });

  it('keeps text as text even when isBinary asks for base64, unless the API decodes it', async () => {
    const isBinary = () => true;
    const plain: any = await handle(app, { isBinary })(restEvent(), context);
    expect(plain).toMatchObject({ isBase64Encoded: false, body: csv });
    const binary: any = await handle(app, { isBinary, compress: false, binaryMediaTypes: ['*/*'] })(
      restEvent(),
      context,
    );
    expect(binary.isBase64Encoded).toBe(true);
    expect(Buffer.from(binary.body, 'base64').toString()).toBe(csv);
  });

  it('still compresses for HTTP API, Function URL and ALB, which always decode base64', async () => {
    for (const event of [
      v2Event({ headers: { 'accept-encoding': 'gzip' } }),
      v2Event({ headers: { 'accept-encoding': 'gzip' } }, 'apigw-v2-request-no-authorizer'),
      albEvent({ headers: { 'accept-encoding': 'gzip' } }),
      albEvent({ headers: { 'accept-encoding': 'gzip' } }, true),
    ]) {
      const result: any = await handle(app)(event, context);
      expect(header(result, 'content-encoding')).toBe('gzip');
      expect(result.isBase64Encoded).toBe(true);
    }
  });
});
