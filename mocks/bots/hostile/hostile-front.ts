import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  type AddressInfo,
  createServer as createNetServer,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import { Agent, request } from 'undici';
import {
  type CustomEndpointRoute,
  customEndpointRouteOf,
} from '../../tpb/custom-endpoint-route.ts';
import {
  type ExampleCustomEndpointOptions,
  type RunningCustomEndpoint,
  startExampleCustomEndpoint,
} from '../example-custom-endpoint/index.ts';

/** The Custom Endpoint route a request is for, read from its path. */
export type FrontRoute = CustomEndpointRoute | 'other';

/** The example service's answer to a request, read whole. */
export interface ForwardedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** What a hostile behaviour knows about the request in front of it. */
export interface FrontRequest {
  req: IncomingMessage;
  res: ServerResponse;
  route: FrontRoute;
  /** The request body as received. */
  body: Buffer;
  /** Sends the request on to the conformant example service and reads its answer. */
  forward(): Promise<ForwardedAnswer>;
  /** Writes an answer as given (a status, headers and a body). */
  write(answer: ForwardedAnswer): void;
}

/**
 * One hostile behaviour: answers a request itself, at any level down to the socket. It returns
 * `false` to let the request through to the example service unchanged.
 */
export type HostileBehaviour = (request: FrontRequest) => Promise<boolean> | boolean;

/**
 * A hostile candidate: the conformant example Custom Endpoint behind a loopback front that
 * misbehaves where its behaviour says, so that only the misbehaviour can fail a rule.
 */
export async function startHostileFront(
  exampleOptions: ExampleCustomEndpointOptions,
  behaviour: HostileBehaviour,
): Promise<RunningCustomEndpoint> {
  const example = await startExampleCustomEndpoint(exampleOptions);
  const upstream = new Agent({ connections: 64 });
  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? '/';
    const forward = async (): Promise<ForwardedAnswer> => {
      const answer = await request(`${example.baseUrl}${path}`, {
        method: req.method as 'GET',
        headers: withoutHopHeaders(req.headers),
        ...(body.length > 0 ? { body } : {}),
        dispatcher: upstream,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (typeof value === 'string' && !hopHeaders.has(name)) headers[name] = value;
      }
      return {
        status: answer.statusCode,
        headers,
        body: Buffer.from(await answer.body.arrayBuffer()),
      };
    };
    const write = (answer: ForwardedAnswer) => {
      res.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length });
      res.end(answer.body);
    };
    const front: FrontRequest = {
      req,
      res,
      route: customEndpointRouteOf(path) ?? 'other',
      body,
      forward,
      write,
    };
    if (await behaviour(front)) return;
    write(await forward());
  }

  const port = await listen(server);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    botId: example.botId,
    environment: example.environment,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.close();
      await example.close();
    },
  };
}

/**
 * A raw TCP listener standing where an HTTPS Custom Endpoint would: every connection is handed to
 * `onSocket` (a TLS client's hello arrives as its first bytes).
 */
export async function startRawFront(
  onSocket: (socket: Socket) => void,
): Promise<RunningCustomEndpoint> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onSocket(socket);
  });
  const port = await listen(server);
  return {
    baseUrl: `https://127.0.0.1:${port}`,
    botId: 'hostile-bot',
    environment: 'draft',
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const hopHeaders = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'host',
]);

function withoutHopHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' && !hopHeaders.has(name)) kept[name] = value;
  }
  return kept;
}

function listen(server: Server | NetServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
