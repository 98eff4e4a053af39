import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a test candidate received, once its body was read. */
export interface ReceivedCall {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type CandidateHandler = (
  call: ReceivedCall,
  res: ServerResponse,
  req: IncomingMessage,
  index: number,
) => void;

export interface TestCandidate {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  /** Every request received, in order: tests count the HTTP calls the engine made. */
  calls: ReceivedCall[];
  close(): Promise<void>;
}

/**
 * A candidate for tests of the vendor callers: a plain HTTP server on 127.0.0.1, port 0, that
 * records each request and hands it to `handler` (which may answer, stall, reset or stream).
 *
 * @example
 * const candidate = await startTestCandidate((_call, res) => res.end('{}'));
 */
export async function startTestCandidate(handler: CandidateHandler): Promise<TestCandidate> {
  const calls: ReceivedCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const call: ReceivedCall = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      calls.push(call);
      handler(call, res, req, calls.length - 1);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close() {
      closed ??= new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closed;
    },
  };
}

/** Answers JSON with a status. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Streams `totalBytes` of JSON-looking filler in 64 KiB chunks, respecting backpressure. */
export function streamFiller(res: ServerResponse, totalBytes: number): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': totalBytes });
  const pump = (): void => {
    while (sent < totalBytes) {
      const part = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
      sent += part.length;
      if (!res.write(part)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  res.on('close', () => {
    sent = totalBytes;
  });
  pump();
}
