import type { Socket } from 'node:net';
import { problemBody } from './problemBody';

/**
 * Node answers requests it cannot parse (or that time out) itself, before any handler runs, with
 * a bare status line. This gives those answers the same problem+json shape as every other error.
 */
const ANSWERS: Record<string, { status: number; reason: string; kind: string; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    kind: 'request-timeout',
    detail: 'The request was not received in time.',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    kind: 'headers-too-large',
    detail: 'The request headers are too large.',
  },
};
const BAD_REQUEST = {
  status: 400,
  reason: 'Bad Request',
  kind: 'bad-request',
  detail: 'The request is not valid HTTP.',
};

export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // As Node's own handler: a reset, or a response whose headers are out, gets nothing more.
  const pending = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  const { status, reason, kind, detail } = ANSWERS[error.code ?? ''] ?? BAD_REQUEST;
  const body = problemBody(status, kind, reason, detail);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json\r\nCache-Control: no-store\r\n` +
      `X-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
