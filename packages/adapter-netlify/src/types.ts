import type { FetchHandler, PlatformInfo } from '@csvfn/platform';
/**
 * Netlify's own per-request object, as a v2 function receives it: the members a handler reaches
 * for, as `@netlify/types` declares them (declared here because that package is ESM-only, which
 * CommonJS type resolution cannot load). The object is Netlify's own, whole.
 */
export interface NetlifyContext {
  /** The Netlify account (team) the site belongs to. */
  account: { id: string };
  /** Reads the request's cookies and sets the response's. */
  cookies: {
    get(name: string): string;
    set(name: string, value: string): void;
    delete(name: string): void;
  };
  /** The deploy serving the request: its context (`production`, `deploy-preview`, …), id, and whether it is published. */
  deploy: { context: string; id: string; published: boolean };
  /** Where the client is, as Netlify's edge places it. */
  geo: {
    city?: string;
    country?: { code?: string; name?: string };
    subdivision?: { code?: string; name?: string };
    postalCode?: string;
    latitude?: number;
    longitude?: number;
    timezone?: string;
  };
  /** The client's address as Netlify's edge saw it. */
  ip: string;
  /** Values of the `config.path` pattern's named groups. */
  params: Record<string, string>;
  /** The id Netlify logs the invocation under. */
  requestId: string;
  /** The Netlify region the function runs in. */
  server: { region?: string };
  /** The site: its id, name and URL. */
  site: { id?: string; name?: string; url?: string };
  /** The request's URL, parsed. */
  url: URL;
  /** Keeps the function alive for work that goes on after the response. */
  waitUntil(promise: Promise<unknown>): void;
}

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
