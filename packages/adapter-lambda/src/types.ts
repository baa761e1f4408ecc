import type { AdapterOptions, CompressOptions, FetchHandler, PlatformInfo } from '@csvfn/platform';

export type { AdapterOptions, CompressOptions, ErrorSink, FetchHandler, PlatformInfo } from '@csvfn/platform';

/**
 * What a handler run by this adapter gets beside the Request: the event as the front door sent
 * it and Lambda's context, typed, so authorizer claims or the remaining time need no cast.
 *
 * @example
 * ```ts
 * const app: LambdaFetchHandler = (request, { event }) => {
 *   const claims = 'http' in event.requestContext ? event.requestContext.authorizer?.jwt?.claims : undefined;
 *   return Response.json({ user: claims?.sub });
 * };
 * ```
 */
export interface LambdaPlatform extends PlatformInfo {
  provider: 'lambda';
  /** The event exactly as Lambda delivered it. */
  event: LambdaHttpEvent;
  /** Lambda's context object; absent when a test calls the handler without one. */
  context?: LambdaContext;
}

/**
 * A handler `handle` and `streamHandle` accept: any Fetch handler, or one that reads
 * {@link LambdaPlatform}. `createCsvHandler()` from `@csvfn/core` fits as it is.
 */
export type LambdaFetchHandler = FetchHandler<LambdaPlatform>;

/** Lambda's context object: the adapter reads `awsRequestId`; the rest is passed on to the handler. */
export interface LambdaContext {
  /** This invocation's id; the adapter uses it as the request id. */
  awsRequestId: string;
  /** The function's name. */
  functionName?: string;
  /** The version invoked (`$LATEST` or a number). */
  functionVersion?: string;
  /** The ARN the caller invoked, alias or version included. */
  invokedFunctionArn?: string;
  /** The memory configured for the function. */
  memoryLimitInMB?: string;
  /** The CloudWatch log group of the function. */
  logGroupName?: string;
  /** The CloudWatch log stream of this execution environment. */
  logStreamName?: string;
  /** Milliseconds left before Lambda stops this invocation. */
  getRemainingTimeInMillis?(): number;
}

/** Header or query values by name, one each (an event's single-value form). */
export type StringMap = Record<string, string | undefined>;
/** Header or query values by name, every value (an event's multi-value form). */
export type MultiValueMap = Record<string, string[] | undefined>;

/** An API Gateway authorizer's output as the request context carries it (JWT, Lambda or IAM). */
export interface LambdaAuthorizer {
  /** HTTP API JWT authorizer: the token's claims and scopes. */
  jwt?: { claims?: Record<string, string | number | boolean | string[]>; scopes?: string[] | null };
  /** HTTP API Lambda authorizer: the context it returned. */
  lambda?: Record<string, unknown> | null;
  /** HTTP API IAM authorizer. */
  iam?: Record<string, unknown>;
  /** REST API: Cognito claims, or a Lambda authorizer's context and `principalId`. */
  claims?: Record<string, string>;
  /** REST API Lambda authorizer: the principal it returned. */
  principalId?: string;
  [key: string]: unknown;
}

/** `restApi`: API Gateway REST API, proxy integration, payload format 1.0. */
export interface RestApiEvent {
  /** The request method, upper case. */
  httpMethod: string;
  /** The resource path, with a custom domain's base path already stripped. */
  path: string;
  /** Added by a custom domain's base-path mapping: the path before stripping. Not used. */
  rawPath?: string;
  /** Single-value headers (the last value of a repeated one). */
  headers?: StringMap | null;
  /** Every value of every header. */
  multiValueHeaders?: MultiValueMap | null;
  /** Decoded by API Gateway. */
  queryStringParameters?: StringMap | null;
  /** Decoded by API Gateway. */
  multiValueQueryStringParameters?: MultiValueMap | null;
  /** The body, base64 when `isBase64Encoded`. */
  body?: string | null;
  /** Whether `body` is base64. */
  isBase64Encoded?: boolean;
  /** Where the request came from: its id, domain, client address and authorizer output. */
  requestContext: {
    requestId?: string;
    domainName?: string;
    identity?: { sourceIp?: string };
    authorizer?: LambdaAuthorizer | null;
  };
}

/** `httpApi`: API Gateway HTTP API, payload format 2.0; a Function URL sends the same shape. */
export interface HttpApiEvent {
  /** The payload format, `2.0`. */
  version?: string;
  /** The path as the client sent it. */
  rawPath: string;
  /** As the client sent it, still percent-encoded. */
  rawQueryString?: string;
  /** The `Cookie` header, split into its cookies. */
  cookies?: string[];
  /** Lower-case names; repeated headers already joined with `,`. */
  headers?: StringMap | null;
  /** The body, base64 when `isBase64Encoded`. */
  body?: string | null;
  /** Whether `body` is base64. */
  isBase64Encoded?: boolean;
  /** Where the request came from: its id, domain, method and path, client address and authorizer output. */
  requestContext: {
    requestId?: string;
    domainName?: string;
    http: { method: string; path?: string; sourceIp?: string };
    authorizer?: LambdaAuthorizer | null;
  };
}

/** `functionUrl`: a Lambda Function URL sends the HTTP API's payload 2.0 shape. */
export type FunctionUrlEvent = HttpApiEvent;

/** `alb`: Application Load Balancer, with or without multi-value headers. */
export interface AlbEvent {
  /** The request method, upper case. */
  httpMethod: string;
  /** The path as the client sent it. */
  path: string;
  /** Left percent-encoded, as the client sent them. */
  queryStringParameters?: StringMap | null;
  /** Left percent-encoded, as the client sent them. */
  multiValueQueryStringParameters?: MultiValueMap | null;
  /** Absent when the target group has multi-value headers on. */
  headers?: StringMap | null;
  /** Present (and `headers` absent) when the target group has multi-value headers on. */
  multiValueHeaders?: MultiValueMap | null;
  /** The body, base64 when `isBase64Encoded`. */
  body?: string | null;
  /** Whether `body` is base64. */
  isBase64Encoded?: boolean;
  /** The target group the request came through. */
  requestContext: { elb: { targetGroupArn?: string } };
}

/** Every HTTP event `handle` accepts. */
export type LambdaHttpEvent = RestApiEvent | HttpApiEvent | AlbEvent;

/** The result for a REST API event: `multiValueHeaders` when the event had them, otherwise `headers`. */
export interface RestApiResult {
  /** The HTTP status. */
  statusCode: number;
  /** Single-value headers, when the event had no `multiValueHeaders`. */
  headers?: Record<string, string>;
  /** Every header value, when the event had `multiValueHeaders`. */
  multiValueHeaders?: Record<string, string[]>;
  /** The body, base64 when `isBase64Encoded`. */
  body: string;
  /** Whether `body` is base64. */
  isBase64Encoded: boolean;
}

/** The result for an HTTP API or Function URL event; `Set-Cookie` values travel in `cookies`. */
export interface HttpApiResult {
  /** The HTTP status. */
  statusCode: number;
  /** The headers, `Set-Cookie` aside. */
  headers: Record<string, string>;
  /** Each `Set-Cookie` value. */
  cookies?: string[];
  /** The body, base64 when `isBase64Encoded`. */
  body: string;
  /** Whether `body` is base64. */
  isBase64Encoded: boolean;
}

/** The result for an ALB event: the same header form the event came in. */
export interface AlbResult {
  /** The HTTP status. */
  statusCode: number;
  /** The status line ALB sends, e.g. `200 OK`. */
  statusDescription: string;
  /** Single-value headers, when the event had `headers`. */
  headers?: Record<string, string>;
  /** Every header value, when the event had `multiValueHeaders`. */
  multiValueHeaders?: Record<string, string[]>;
  /** The body, base64 when `isBase64Encoded`. */
  body: string;
  /** Whether `body` is base64. */
  isBase64Encoded: boolean;
}

/** Every result `handle` gives. */
export type LambdaHttpResult = RestApiResult | HttpApiResult | AlbResult;

/**
 * Options of {@link handle} and {@link streamHandle}: the shared ones (`onError`; `holdBytes`,
 * default `0`, which matters to `streamHandle` only, since `handle` reads every response whole;
 * `compress`, default `true`, since Lambda's front doors do not compress, egress is billed and a
 * buffered response stops at 6 MB), and how a body travels.
 */
export interface LambdaOptions extends AdapterOptions, CompressOptions {
  /**
   * Whether a response body must travel base64-encoded (`handle` only). By default text types
   * (`text/*`, JSON, `+json`, XML) go as text and anything content-encoded or binary as base64.
   */
  isBinary?: (headers: Headers) => boolean;
  /**
   * The REST API's own `binaryMediaTypes` setting, copied here: the media types for which API
   * Gateway decodes a base64 result. A new REST API has none, and then a base64 body reaches the
   * client as base64 text, so by default a REST API (payload 1.0) event never gets one: no
   * compression, text stays text. With `['*\/*']` (set on the API too) every answer may be
   * compressed. As API Gateway does, the request's first `Accept` media type is matched (the
   * answer's `Content-Type` when there is no `Accept`). HTTP APIs, Function URLs and ALB always
   * decode base64 and ignore this.
   *
   * @example
   * ```ts
   * export const handler = handle(createCsvHandler(), { binaryMediaTypes: ['*\/*'] });
   * ```
   */
  binaryMediaTypes?: readonly string[];
}

/** @deprecated Renamed {@link LambdaOptions}, as every adapter's options are `<Provider>Options`. */
export type HandleOptions = LambdaOptions;
