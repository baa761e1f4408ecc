import type { IncomingMessage } from 'node:http';
import type { PlatformInfo } from '@csvfn/platform';

/** What a handler run by this adapter receives beside the `Request`: Node's own request too. */
export interface NodePlatform extends PlatformInfo {
  provider: 'node';
  /** Node's request, for what a `Request` cannot carry (`req.socket`, TLS details, `req.httpVersion`). */
  req: IncomingMessage;
}

/** The default platform: the provider, the socket's peer address, Node's request, and its clock. */
export function nodePlatform(req: IncomingMessage): NodePlatform {
  return { provider: 'node', clientAddress: req.socket.remoteAddress, req, now: hrtimeMilliseconds };
}

/** Node's monotonic clock in milliseconds: a first `performance.now()` loads `perf_hooks` on Node 20. */
function hrtimeMilliseconds(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
