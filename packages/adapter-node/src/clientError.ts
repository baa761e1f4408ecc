import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ADAPTER_PROBLEMS, type AdapterProblemKind, PROBLEM_HEADERS, problemJson } from '@csvfn/platform';

/**
 * Node answers requests it cannot parse (or that time out) itself, before any handler runs, with
 * a bare status line. This gives those answers the same problem+json shape as every other error.
 */
const KINDS: Record<string, AdapterProblemKind> = {
  ERR_HTTP_REQUEST_TIMEOUT: 'request-timeout',
  HPE_HEADER_OVERFLOW: 'headers-too-large',
};

/** Node's `clientError` listener: a problem+json answer written on the raw socket, then close. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // As Node's own handler: a reset, or a response whose headers are out, gets nothing more.
  const pending = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  const kind = KINDS[error.code ?? ''] ?? 'bad-request';
  const { status } = ADAPTER_PROBLEMS[kind];
  const body = problemJson(kind);
  const headers = Object.entries(PROBLEM_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headers.join('')}content-length: ${Buffer.byteLength(body)}\r\n` +
      `connection: close\r\n\r\n${body}`,
  );
}
