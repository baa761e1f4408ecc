import type { FetchHandler, PlatformInfo } from '@csvfn/platform';
import type { Context } from '@netlify/types';

/** Netlify's own per-request object, as a v2 function receives it (`geo`, `site`, `waitUntil`, …). */
export type NetlifyContext = Context;

/** What a handler gets on Netlify: the shared fields, and Netlify's `context` itself. */
export interface NetlifyPlatform extends PlatformInfo {
  provider: 'netlify';
  /** `context.requestId`, the id Netlify logs the invocation under. */
  requestId: string;
  /** `context.ip`, the client's address as Netlify's edge saw it. */
  clientAddress: string;
  /** Netlify's context, typed: `geo`, `site`, `deploy`, `params`, `cookies`, `waitUntil`, … */
  context: NetlifyContext;
}

/** A Netlify Functions v2 entry point: `export default handle(app)`. */
export type NetlifyFunction = (request: Request, context: NetlifyContext) => Promise<Response>;

export type { FetchHandler, PlatformInfo };
