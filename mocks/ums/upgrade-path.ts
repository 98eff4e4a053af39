import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** `/ws_api/account/{accountId}/messaging/brand/{bearer}` (ums.md §5.1); the query is ignored. */
const brandPath = /^\/ws_api\/account\/([^/]+)\/messaging\/brand\/([^/]+)\/?$/;

/** The account and bearer of a brand websocket path, or undefined for any other path. */
export function parseBrandPath(url: string): { accountId: string; bearer: string } | undefined {
  const match = brandPathMatch(url);
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

/** Whether a request target has the shape of a brand path, even one `parseBrandPath` refuses. */
export function isBrandPath(url: string): boolean {
  return brandPathMatch(url) !== null;
}

function brandPathMatch(url: string): RegExpExecArray | null {
  // Origin-form is read as a path even when it starts with `//`; a target that is no URL at all
  // (`http://[`) is no brand path.
  try {
    const { pathname } = new URL(url.startsWith('/') ? `http://mock.invalid${url}` : url);
    return brandPath.exec(pathname);
  } catch {
    return null;
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
