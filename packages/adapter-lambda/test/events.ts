import { readFileSync } from 'node:fs';

/** The real AWS sample events in `fixtures/aws-events` (copied from aws/aws-lambda-go, unmodified). */
export type Fixture =
  | 'apigw-request'
  | 'apigw-restapi-openapi-request'
  | 'apigw-v2-request-no-authorizer'
  | 'apigw-v2-request-iam'
  | 'apigw-v2-request-jwt-authorizer'
  | 'lambda-urls-request'
  | 'alb-lambda-target-request-headers-only'
  | 'alb-lambda-target-request-multivalue-headers';

/** A fresh copy of a fixture, to change only method, headers, body and `isBase64Encoded`. */
export function fixture(name: Fixture): any {
  return JSON.parse(readFileSync(new URL(`./fixtures/aws-events/${name}.json`, import.meta.url), 'utf8'));
}

interface Change {
  method?: string;
  /** Replaces all headers; names kept as given. */
  headers?: Record<string, string>;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** A REST API (payload 1.0) event: both header maps set, as API Gateway sends them. */
export function restEvent(change: Change = {}, name: Fixture = 'apigw-request'): any {
  const event = fixture(name);
  if (change.method) event.httpMethod = change.method;
  if (change.headers) {
    event.headers = { ...change.headers };
    event.multiValueHeaders = Object.fromEntries(Object.entries(change.headers).map(([k, v]) => [k, [v]]));
  }
  if (change.body !== undefined) event.body = change.body;
  if (change.isBase64Encoded !== undefined) event.isBase64Encoded = change.isBase64Encoded;
  return event;
}

/** An HTTP API or Function URL (payload 2.0) event. */
export function v2Event(change: Change = {}, name: Fixture = 'lambda-urls-request'): any {
  const event = fixture(name);
  if (change.method) event.requestContext.http.method = change.method;
  if (change.headers) event.headers = { ...change.headers };
  if (change.body !== undefined) event.body = change.body;
  if (change.isBase64Encoded !== undefined) event.isBase64Encoded = change.isBase64Encoded;
  return event;
}

/** An ALB event, single-value or multi-value headers depending on the fixture. */
export function albEvent(change: Change = {}, multiValue = false): any {
  const event = fixture(
    multiValue ? 'alb-lambda-target-request-multivalue-headers' : 'alb-lambda-target-request-headers-only',
  );
  if (change.method) event.httpMethod = change.method;
  if (change.headers) {
    if (multiValue) {
      event.multiValueHeaders = Object.fromEntries(Object.entries(change.headers).map(([k, v]) => [k, [v]]));
    } else event.headers = { ...change.headers };
  }
  if (change.body !== undefined) event.body = change.body;
  if (change.isBase64Encoded !== undefined) event.isBase64Encoded = change.isBase64Encoded;
  return event;
}

export const context = { awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef' };

/** A handler that answers with what it was given, as JSON (Node's `req`, circular, left out). */
export async function echo(request: Request, platform?: object): Promise<Response> {
  const body = new Uint8Array(await request.arrayBuffer());
  const { req: _req, ...seen } = (platform ?? {}) as Record<string, unknown>;
  return Response.json({
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: Buffer.from(body).toString('base64'),
    platform: platform && seen,
  });
}
