/**
 * What the adapter passes to the handler beside the Request. Declared here, not imported:
 * an adapter knows nothing of `@csvfn/core`.
 */
export interface PlatformInfo {
  /** Always `lambda` from this adapter. */
  provider: string;
  /** Lambda's `context.awsRequestId`. */
  requestId?: string;
  /** The client's IP address as the front door saw it. */
  clientAddress?: string;
}

/** Any Web-standard handler: `createCsvHandler()` from `@csvfn/core`, a Hono app's `fetch`, … */
export type FetchHandler = (request: Request, platform?: PlatformInfo) => Response | Promise<Response>;

/** The part of Lambda's context object the adapter reads. */
export interface LambdaContext {
  awsRequestId: string;
}

type StringMap = Record<string, string | undefined>;
type MultiValueMap = Record<string, string[] | undefined>;

/** API Gateway REST API, proxy integration, payload format 1.0. */
export interface ApiGatewayV1Event {
  httpMethod: string;
  /** The resource path, with a custom domain's base path already stripped. */
  path: string;
  /** Added by a custom domain's base-path mapping: the path before stripping. Not used. */
  rawPath?: string;
  headers?: StringMap | null;
  multiValueHeaders?: MultiValueMap | null;
  /** Decoded by API Gateway. */
  queryStringParameters?: StringMap | null;
  /** Decoded by API Gateway. */
  multiValueQueryStringParameters?: MultiValueMap | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: {
    requestId?: string;
    domainName?: string;
    identity?: { sourceIp?: string };
  };
}

/** HTTP API (payload format 2.0) and Lambda Function URLs: the same shape. */
export interface ApiGatewayV2Event {
  version?: string;
  rawPath: string;
  /** As the client sent it, still percent-encoded. */
  rawQueryString?: string;
  cookies?: string[];
  /** Lower-case names; repeated headers already joined with `,`. */
  headers?: StringMap | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: {
    requestId?: string;
    domainName?: string;
    http: { method: string; path?: string; sourceIp?: string };
  };
}

/** Application Load Balancer, with or without multi-value headers. */
export interface AlbEvent {
  httpMethod: string;
  path: string;
  /** Left percent-encoded, as the client sent them. */
  queryStringParameters?: StringMap | null;
  /** Left percent-encoded, as the client sent them. */
  multiValueQueryStringParameters?: MultiValueMap | null;
  /** Absent when the target group has multi-value headers on. */
  headers?: StringMap | null;
  /** Present (and `headers` absent) when the target group has multi-value headers on. */
  multiValueHeaders?: MultiValueMap | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext: { elb: { targetGroupArn?: string } };
}

/** Every HTTP event `handle` accepts. */
export type LambdaHttpEvent = ApiGatewayV1Event | ApiGatewayV2Event | AlbEvent;

/** Answer to a REST API event: `multiValueHeaders` when the event had them, otherwise `headers`. */
export interface ApiGatewayV1Result {
  statusCode: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

/** Answer to an HTTP API or Function URL event; `Set-Cookie` values travel in `cookies`. */
export interface ApiGatewayV2Result {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** Answer to an ALB event: the same header form the event came in. */
export interface AlbResult {
  statusCode: number;
  statusDescription: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

/** Every answer `handle` gives. */
export type LambdaHttpResult = ApiGatewayV1Result | ApiGatewayV2Result | AlbResult;

/** Options of {@link handle}. */
export interface HandleOptions {
  /**
   * Whether a response body must travel base64-encoded. By default text types
   * (`text/*`, JSON, `+json`, XML) go as text and anything content-encoded or binary as base64.
   */
  isBinary?: (headers: Headers) => boolean;
  /**
   * Sees what a handler threw before the generic 500 goes out (the client never sees it).
   * Default: `console.error`, which lands in CloudWatch.
   */
  onError?: (error: unknown) => void;
}
