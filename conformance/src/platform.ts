/**
 * What an adapter passes to the handler beside the Request. Adapters declare this shape
 * themselves (they import nothing from core); it is repeated here only for the suite's types.
 */
export interface PlatformInfo {
  /** `node`, `vercel`, `lambda`, `workers`, … */
  provider: string;
  /** The platform's id for this request: Lambda `awsRequestId`, `x-vercel-id`, `cf-ray`. */
  requestId?: string;
  /** The client's IP address as the platform saw it (rate-limit key when there is no API key). */
  clientAddress?: string;
}

export type FetchHandler = (request: Request, platform?: PlatformInfo) => Response | Promise<Response>;
