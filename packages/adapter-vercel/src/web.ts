/**
 * @module
 * Web-style Vercel Function exports, safe for the Edge runtime: nothing here imports Node.
 */

export type { FetchHandler, PlatformInfo } from '@csvfn/adapter-node';
export { handleWeb, type VercelWebHandler, type VercelWebHandlers, type VercelWebOptions } from './handleWeb';
