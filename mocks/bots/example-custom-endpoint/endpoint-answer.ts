import type { ServerResponse } from 'node:http';

/**
 * What the service answers to one request, as data, so that an override hook can inspect or
 * replace it before it reaches the wire.
 */
export type EndpointAnswer =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  /** A non-JSON (or empty) body. */
  | { kind: 'raw'; status: number; text: string; contentType?: string }
  /** No answer at all: the request stays open until the client gives up or the service closes. */
  | { kind: 'silence' };

export const jsonAnswer = (
  status: number,
  body: unknown,
  headers?: Record<string, string>,
): EndpointAnswer => ({ kind: 'json', status, body, ...(headers ? { headers } : {}) });

/** An error with a small JSON body `{error}`: no stack, path, token or secret (SEC-12, SEC-13). */
export const errorAnswer = (
  status: number,
  error: string,
  headers?: Record<string, string>,
): EndpointAnswer => jsonAnswer(status, { error }, headers);

/** A status with an empty body (the PUT's 200). */
export const emptyAnswer = (status: number): EndpointAnswer => ({ kind: 'raw', status, text: '' });

/** Writes an answer; `silence` writes nothing. */
export function writeAnswer(res: ServerResponse, answer: EndpointAnswer): void {
  switch (answer.kind) {
    case 'silence':
      return;
    case 'json': {
      const text = JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'cache-control': 'no-store',
        ...answer.headers,
      });
      res.end(text);
      return;
    }
    case 'raw':
      res.writeHead(answer.status, {
        ...(answer.text === ''
          ? {}
          : { 'content-type': answer.contentType ?? 'text/plain; charset=utf-8' }),
        'content-length': Buffer.byteLength(answer.text),
        'cache-control': 'no-store',
      });
      res.end(answer.text);
      return;
  }
}
