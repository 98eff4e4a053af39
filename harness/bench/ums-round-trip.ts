import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { MockCloud } from '../../mocks/index.ts';
import { type Comparison, inFlight } from './measure.ts';

/** Requests in flight on the one socket of each side. */
const concurrency = 32;

export interface Frame {
  kind: string;
  reqId?: string;
  code?: number;
  type: string;
  body: unknown;
}

/**
 * The client both sides use: one `ws` socket, JSON request frames with a counter id, responses
 * matched by `reqId`; notifications go to `onNotification`. Deliberately no schema checks, so
 * that the client costs the same on both sides.
 */
export class JsonSocket {
  onNotification: (frame: Frame) => void = () => {};
  readonly #pending = new Map<string, (frame: Frame) => void>();
  #nextId = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      const waiter = frame.reqId === undefined ? undefined : this.#pending.get(frame.reqId);
      if (!waiter) return this.onNotification(frame);
      this.#pending.delete(frame.reqId as string);
      waiter(frame);
    });
  }

  static connect(url: string, ca?: string): Promise<JsonSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, ...(ca ? { ca } : {}) });
      ws.once('error', reject);
      ws.once('open', () => resolve(new JsonSocket(ws)));
    });
  }

  /** Sends a request frame and resolves with its response; rejects on a code other than 2xx. */
  request(type: string, body: unknown = {}): Promise<Frame> {
    const id = `r${this.#nextId++}`;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (frame) => {
        const code = frame.code ?? 0;
        if (code >= 200 && code < 300) resolve(frame);
        else reject(new Error(`${type} answered ${code}: ${JSON.stringify(frame.body)}`));
      });
      this.ws.send(JSON.stringify({ kind: 'req', id, type, body }));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/** A bot socket on the mock UMS with a fresh session, over WSS or plain WS. */
export function connectBot(cloud: MockCloud, scheme: 'ws' | 'wss'): Promise<JsonSocket> {
  const { accountId } = cloud.account;
  const { bearer } = cloud.sessions.issueBearer(accountId, cloud.agent);
  const base = (scheme === 'wss' ? cloud.urls.https : cloud.urls.http).replace(/^http/, 'ws');
  const url = `${base}/ws_api/account/${accountId}/messaging/brand/${bearer}?v=2.1`;
  return JsonSocket.connect(url, cloud.certificates.caCertPem);
}

/** A bare `ws` server on 127.0.0.1 (TLS with the mock's certificate for wss). */
export async function startRawWsServer(
  cloud: MockCloud,
  scheme: 'ws' | 'wss',
): Promise<{ url: string; wss: WebSocketServer; close: () => Promise<void> }> {
  const server: HttpServer | HttpsServer =
    scheme === 'wss'
      ? createHttpsServer({ cert: cloud.certificates.certPem, key: cloud.certificates.keyPem })
      : createHttpServer();
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}/`,
    wss,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * `.GetClock` round trips on the mock UMS against a raw `ws` server that does the same JSON
 * work (parse the request, stringify a `.GetClock$Response`), same client, same concurrency.
 */
export async function umsRoundTrip(
  cloud: MockCloud,
  scheme: 'ws' | 'wss',
): Promise<Comparison & { close: () => Promise<void> }> {
  const raw = await startRawWsServer(cloud, scheme);
  raw.wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { id: string };
      const body = { currentTime: Date.now() };
      ws.send(
        JSON.stringify({
          kind: 'resp',
          reqId: frame.id,
          code: 200,
          type: '.GetClock$Response',
          body,
        }),
      );
    });
  });
  const ours = await connectBot(cloud, scheme);
  const ceiling = await JsonSocket.connect(raw.url, cloud.certificates.caCertPem);
  const clock = (socket: JsonSocket) => async () => {
    await socket.request('.GetClock');
  };
  return {
    name: `UMS .GetClock round trip (${scheme}, ${concurrency} in flight)`,
    opsPerRound: 8000,
    ours: (count) => inFlight(count, concurrency, clock(ours)),
    ceiling: (count) => inFlight(count, concurrency, clock(ceiling)),
    close: async () => {
      await Promise.all([ours.close(), ceiling.close()]);
      await raw.close();
    },
  };
}
