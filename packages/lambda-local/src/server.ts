import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alb, albMultiValue } from './frontDoors/alb.js';
import type { FrontDoor, FrontDoorName } from './frontDoors/frontDoor.js';
import { functionUrl, httpApi } from './frontDoors/httpApi.js';
import { restApi, restApiFront } from './frontDoors/restApi.js';
import { serveHttpFront } from './httpFront.js';
import { isInvokeApi, serveInvokeApi } from './invokeApi.js';
import { emulateAwsLambdaGlobal, type LambdaFunction } from './runtime.js';

/** Every front door the local Lambda can play, by the name `frontDoor` takes. */
export const FRONT_DOORS: Readonly<Record<FrontDoorName, FrontDoor>> = {
  'function-url': functionUrl,
  'http-api': httpApi,
  'rest-api': restApi,
  alb,
  'alb-multi-value': albMultiValue,
};

/** Lambda's payload limits, in bytes. */
export interface LambdaLimits {
  /** Largest event (request payload) a synchronous invocation takes: 6 MiB. */
  request: number;
  /** Largest buffered response payload: 6 MiB + 100 bytes, as Lambda counts it. */
  response: number;
  /** Largest streamed response: 200 MiB. */
  streamedResponse: number;
}

/** The limits Lambda enforces today. */
export const LAMBDA_LIMITS: LambdaLimits = {
  request: 6 * 1024 * 1024,
  response: 6 * 1024 * 1024 + 100,
  streamedResponse: 200 * 1024 * 1024,
};

/** Options of {@link startLocalLambda}. */
export interface LocalLambdaOptions {
  /** The function exactly as exported for Lambda: `handle(app)`, `streamHandle(app)`, or any Node.js handler. */
  handler: LambdaFunction;
  /** The name `Invoke` answers to. Default `csvfn`. */
  functionName?: string;
  /** Which AWS service the HTTP front plays. Default `function-url`. */
  frontDoor?: FrontDoorName;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default `0`: any free port. */
  port?: number;
  /** Default `us-east-1`. */
  region?: string;
  /**
   * The `rest-api` front door's `binaryMediaTypes`, as set on a REST API. Default none, as a new
   * REST API: a base64 result then reaches the client as base64 text.
   */
  binaryMediaTypes?: readonly string[];
  /** Override Lambda's limits, to test behaviour near them with small bodies. */
  limits?: Partial<LambdaLimits>;
}

/** A running local Lambda. */
export interface LocalLambda {
  /** `http://host:port`: the HTTP front, and the `endpoint` for `@aws-sdk/client-lambda`. */
  readonly url: string;
  /** The name `Invoke` answers to. */
  readonly functionName: string;
  /** Stops the server and removes the emulated `awslambda` global if it installed it. */
  close(): Promise<void>;
}

/**
 * Runs a Lambda function locally behind two doors on one port: Lambda's Invoke API
 * (`POST /2015-03-31/functions/{name}/invocations` and `InvokeWithResponseStream`, for
 * `@aws-sdk/client-lambda` with `endpoint` set to `url`), and, on every other path, an HTTP front
 * that turns real requests into Function URL events (or HTTP API, REST API or ALB events) and
 * the results back into responses. Lambda's payload limits apply. Node.js only.
 *
 * @example
 * ```ts
 * const lambda = await startLocalLambda({ handler: handle(createCsvHandler()) });
 * await fetch(`${lambda.url}/`, { method: 'POST', body: '[{"name":"Ana"}]' });
 * ```
 */
export async function startLocalLambda(options: LocalLambdaOptions): Promise<LocalLambda> {
  const functionName = options.functionName ?? 'csvfn';
  const region = options.region ?? 'us-east-1';
  const limits = { ...LAMBDA_LIMITS, ...options.limits };
  const target = {
    fn: options.handler,
    functionName,
    region,
    frontDoor:
      options.frontDoor === 'rest-api' && options.binaryMediaTypes
        ? restApiFront(options.binaryMediaTypes)
        : FRONT_DOORS[options.frontDoor ?? 'function-url'],
    requestLimit: limits.request,
    responseLimit: limits.response,
    streamLimit: limits.streamedResponse,
  };
  const uninstall = emulateAwsLambdaGlobal();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const serve = isInvokeApi(req.method, path)
      ? serveInvokeApi(req, res, target)
      : serveHttpFront(req, res, target);
    serve.catch((error: unknown) => {
      console.error('csvfn local lambda:', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('Local Lambda failure');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    functionName,
    close: () =>
      new Promise<void>((resolve, reject) => {
        uninstall();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
