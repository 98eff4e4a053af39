import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Agent, request } from 'undici';

/**
 * What the proxy does with a request:
 * - `pass`: forwards it and hands the answer back;
 * - `refuse`: drops the connection without forwarding (the candidate is unreachable);
 * - `discard-first-event-response`: forwards every request, but the first time it sees an event
 *   POST (same path, same body) it throws the candidate's answer away and answers 503, as if the
 *   response had been lost on the way; the retried identical POST gets the candidate's answer.
 */
export type FaultMode = 'pass' | 'refuse' | 'discard-first-event-response';

/** One request that reached the proxy. */
export interface ProxiedRequest {
  method: string;
  /** The path as the engine sent it, e.g. `/v1/bots/b1/environments/draft/conversations/c1/events`. */
  path: string;
  /** The conversation the path names, if any. */
  conversationId?: string;
  /** Whether the candidate received it. */
  forwarded: boolean;
  /** The candidate's status, when it answered. */
  upstreamStatus?: number;
  /** What the proxy answered the engine (undefined when it dropped the connection). */
  answeredStatus?: number;
  /** The candidate's answer was thrown away and replaced by a 503. */
  discarded: boolean;
  /** Why forwarding failed, when it did. */
  error?: string;
}

const hopByHop = new Set([
  'host',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
]);

/**
 * A small HTTP proxy on 127.0.0.1 between the mock engine and a Custom Endpoint: the mock's fault
 * injection for FLOW-11 (a lost response) and FLOW-12 (an unreachable vendor). Point a bot's
 * `customEndpoint.baseUrl` at `baseUrl`; the proxy forwards to the candidate's Base URL (path
 * prefix kept) and records every request by conversation (and emits it as `request`).
 *
 * @example
 * const proxy = await FaultProxy.start('http://127.0.0.1:8080/prefix');
 * proxy.mode = 'refuse';
 * await proxy.close();
 */
export class FaultProxy extends EventEmitter<{ request: [request: ProxiedRequest] }> {
  mode: FaultMode = 'pass';
  readonly requests: ProxiedRequest[] = [];
  readonly #seenEvents = new Set<string>();
  readonly #sockets = new Set<Socket>();
  readonly #agent = new Agent({ keepAliveTimeout: 1000 });
  #closed: Promise<void> | undefined;

  private constructor(
    readonly target: string,
    readonly server: ReturnType<typeof createServer>,
    readonly baseUrl: string,
  ) {
    super();
  }

  /** Starts the proxy on a free port in front of `target` (the candidate's Base URL). */
  static async start(target: string, mode: FaultMode = 'pass'): Promise<FaultProxy> {
    const server = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
    const proxy = new FaultProxy(target.replace(/\/+$/, ''), server, `http://127.0.0.1:${port}`);
    proxy.mode = mode;
    server.on('connection', (socket) => {
      proxy.#sockets.add(socket);
      socket.on('close', () => proxy.#sockets.delete(socket));
    });
    server.on('request', (req, res) => {
      void proxy.#handle(req, res);
    });
    return proxy;
  }

  /** Requests that named the conversation. */
  requestsFor(conversationId: string): ProxiedRequest[] {
    return this.requests.filter((entry) => entry.conversationId === conversationId);
  }

  /** Closes every connection, then the server; idempotent. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      for (const socket of this.#sockets) socket.destroy();
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
      await this.#agent.destroy();
    })();
    return this.#closed;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    const conversationId = /\/conversations\/([^/?]+)/.exec(path)?.[1];
    const record: ProxiedRequest = {
      method,
      path,
      ...(conversationId ? { conversationId: decodeURIComponent(conversationId) } : {}),
      forwarded: false,
      discarded: false,
    };
    this.requests.push(record);
    this.emit('request', record);
    if (this.mode === 'refuse') {
      req.socket.destroy();
      return;
    }
    const body = await readBody(req);
    const isEvent = method === 'POST' && /\/events\/?$/.test(path.split('?')[0] ?? '');
    const key = `${path}\n${body.toString('utf8')}`;
    const discard =
      this.mode === 'discard-first-event-response' && isEvent && !this.#seenEvents.has(key);
    if (isEvent) this.#seenEvents.add(key);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || hopByHop.has(name)) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    // The engine gave up (its timeout): stop waiting for the candidate too.
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const upstream = await request(`${this.target}${path}`, {
        method: method as 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
        dispatcher: this.#agent,
        signal: controller.signal,
      });
      const answer = Buffer.from(await upstream.body.arrayBuffer());
      record.forwarded = true;
      record.upstreamStatus = upstream.statusCode;
      if (discard) {
        record.discarded = true;
        const text = JSON.stringify({
          error: 'tpb-conformance fault proxy: the response to this event was discarded',
        });
        record.answeredStatus = 503;
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(text);
        return;
      }
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(upstream.headers)) {
        if (value === undefined || hopByHop.has(name)) continue;
        out[name] = value;
      }
      record.answeredStatus = upstream.statusCode;
      res.writeHead(upstream.statusCode, out);
      res.end(answer);
    } catch (error) {
      // The candidate itself is unreachable: the engine sees a dropped connection, as it would.
      record.error = (error as Error).message;
      res.socket?.destroy();
    }
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
