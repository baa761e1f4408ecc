import { type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import {
  ADAPTER_PROBLEMS,
  type AdapterProblemKind,
  PROBLEM_HEADERS,
  problemJson,
} from '@csvfn/platform/internal';

/**
 * Node answers requests it cannot parse (or that time out) itself, before any handler runs, with
 * a bare status line. This gives those answers the same problem+json shape as every other error.
 */
const KINDS: Record<string, AdapterProblemKind> = {
  ERR_HTTP_REQUEST_TIMEOUT: 'request-timeout',
  HPE_HEADER_OVERFLOW: 'headers-too-large',
};

/** A method name as HTTP defines one (RFC 9110 `token`): unknown to Node is 501, malformed is 400. */
const METHOD_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ /;

/** Node's `clientError` listener: a problem+json response written on the raw socket, then close. */
export function respondToClientError(
  error: NodeJS.ErrnoException & { rawPacket?: Buffer },
  socket: Socket,
): void {
  // As Node's own handler: a reset, or a response whose headers are out, gets nothing more.
  const pending = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  let kind = KINDS[error.code ?? ''] ?? 'bad-request';
  // llhttp knows a fixed list of methods: any other (TRACK, PURGE-like names) is a well-formed
  // request for a method this server does not implement, which RFC 9110 answers 501.
  if (error.code === 'HPE_INVALID_METHOD' && METHOD_TOKEN.test(error.rawPacket?.toString('latin1') ?? '')) {
    kind = 'not-implemented';
  }
  writeProblem(socket, kind);
}

/** A problem response written on a raw socket (no `ServerResponse` exists for it), then close. */
function writeProblem(socket: Socket, kind: AdapterProblemKind, detail?: string): void {
  const { status } = ADAPTER_PROBLEMS[kind];
  const body = problemJson(kind, detail);
  const headers = Object.entries(PROBLEM_HEADERS).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headers.join('')}content-length: ${Buffer.byteLength(body)}\r\n` +
      `connection: close\r\n\r\n${body}`,
  );
}

/**
 * Every response Node's HTTP server would give itself, before any handler runs, as the contract's
 * problem+json: requests it cannot parse or that time out (`clientError`), an `Expect` it cannot
 * meet (Node: an empty 417), and `CONNECT` (Node: the connection closed without a word).
 */
export function respondToParserRejections(server: Server): void {
  server.on('clientError', respondToClientError);
  server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    const body = problemJson('expectation-failed');
    res.writeHead(417, {
      ...PROBLEM_HEADERS,
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    });
    res.end(body);
  });
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    writeProblem(socket, 'not-implemented', 'CONNECT is not supported: this is not a proxy.');
  });
}
