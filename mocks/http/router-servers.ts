import {
  createServer as createHttpServer,
  type Server as HttpServer,
  type IncomingMessage,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Certificates } from '../tls/certificate-authority.ts';
import type { HttpRouter } from './http-router.ts';

/** A router served twice: over TLS (`secure: true` for the routes) and over plain HTTP. */
export interface RouterServers {
  secure: HttpsServer;
  plain: HttpServer;
}

export function createRouterServers(router: HttpRouter, certificates: Certificates): RouterServers {
  const serve = (secure: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    // The router answers every error itself; should that ever fail, the request is dropped
    // rather than left as an unhandled rejection that would end the mock's process.
    router.handle(req, res, secure).catch(() => res.destroy());
  };
  const secure = createHttpsServer(
    { cert: certificates.certPem, key: certificates.keyPem },
    serve(true),
  );
  const plain = createHttpServer(serve(false));
  for (const server of [secure, plain]) {
    server.on('clientError', (error, socket) => refuseUnparsed(router, error, socket));
  }
  return { secure, plain };
}

/** Statuses node gives the parser's errors; any other is a malformed request (400). */
const parserStatuses: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

/**
 * Answers a request node's HTTP parser refused (a raw non-ASCII byte in the target, a bad header
 * line, …) like the router answers its own errors: JSON in the error form of the surface the
 * target names, instead of node's bare `400 Bad Request` without a body. The connection closes.
 */
function refuseUnparsed(router: HttpRouter, error: Error, socket: Duplex): void {
  const { code, rawPacket } = error as Error & { code?: string; rawPacket?: Buffer };
  // As node does: never write into a response already under way on this connection.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent: boolean } })._httpMessage;
  if (code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status = parserStatuses[code ?? ''] ?? 400;
  const target = /^[A-Z]+ ([^ \r\n]+) HTTP\/1\.[01]\r?\n/.exec(
    rawPacket?.toString('latin1') ?? '',
  )?.[1];
  const failure = router.errorFor(
    target,
    status,
    `Malformed HTTP request (${code ?? 'unknown parser error'}): send a well-formed HTTP/1.1 request with an ASCII target`,
  );
  const body = JSON.stringify(failure.body);
  const headers = Object.entries({
    ...failure.headers,
    connection: 'close',
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  }).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${headers.join('')}\r\n${body}`);
}

/** Listens on 127.0.0.1 (port 0 picks a free one) and resolves with the port. */
export function listen(server: HttpServer | HttpsServer, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Drops every connection and closes the server. */
export function closeServer(server: HttpServer | HttpsServer): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
