import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FetchHandler, PlatformInfo } from '@csvfn/platform';

/**
 * The request the Functions Framework hands a function: Express's, whose body-parser has already
 * read the body and kept its bytes, decompressed, as `rawBody`.
 */
export interface GcfRequest extends IncomingMessage {
  /** The body as body-parser read it, after undoing `Content-Encoding`. */
  rawBody?: Buffer;
  /** The framework's id of this execution: the `Function-Execution-Id` header, or one it made up. */
  executionId?: string;
  /** The client's address (Express, behind Google's trusted front end). */
  ip?: string;
  /** Express's back-reference to the response. */
  res?: ServerResponse;
}

/** What a handler gets on Google Cloud: the shared fields, and the framework's `req` and `res`. */
export interface GcfPlatform extends PlatformInfo {
  provider: 'gcf';
  /** The framework's (Express) request: `req.rawBody`, `req.get()`, … */
  req: GcfRequest;
  /** The framework's (Express) response. The adapter writes the response; do not write to it. */
  res: ServerResponse;
}

/** A Functions Framework HTTP function: `functions.http('csv', handle(app))`. */
export type GcfFunction = (req: GcfRequest, res: ServerResponse) => void;

export type { FetchHandler, PlatformInfo };
