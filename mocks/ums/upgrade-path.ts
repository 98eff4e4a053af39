import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** `/ws_api/account/{accountId}/messaging/brand/{bearer}` (ums.md §5.1); the query is ignored. */
const brandPath = /^\/ws_api\/account\/([^/]+)\/messaging\/brand\/([^/]+)\/?$/;

/** The account and bearer of a brand websocket path, or undefined for any other path. */
export function parseBrandPath(url: string): { accountId: string; bearer: string } | undefined {
  const { pathname } = new URL(url, 'http://mock.invalid');
  const match = brandPath.exec(pathname);
  if (!match) return undefined;
  try {
    return {
      accountId: decodeURIComponent(match[1] ?? ''),
      bearer: decodeURIComponent(match[2] ?? ''),
    };
  } catch {
    return undefined;
  }
}

/** The request path with the bearer replaced by `[redacted]`, for the traffic log. */
export function redactedPath(url: string): string {
  return url.replace(/(\/messaging\/brand\/)[^/?#]+/, '$1[redacted]');
}

/**
 * Refuses a websocket upgrade with an HTTP status and a JSON body, then closes the socket. The
 * SDK reports it as "unexpected server response (401)" (ums.md §5.1).
 */
export function rejectUpgrade(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: { message, responseStatus: STATUS_CODES[status] } });
  socket.on('error', () => {
    // The client may already be gone; there is nobody left to tell.
  });
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
