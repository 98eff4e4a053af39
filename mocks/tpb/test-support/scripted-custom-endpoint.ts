import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the scripted service does with one request. */
export type ScriptedAnswer =
  | { status: number; body?: unknown }
  /** Never answers (the caller's timeout fires). */
  | 'hang'
  /** Resets the connection. */
  | 'reset';

export interface ScriptedCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

/**
 * A Custom Endpoint test double for engine tests: a real HTTP server on 127.0.0.1 that records
 * every call and answers each as `script` says (state online, PUT 200 and a text echo by default).
 * It checks no token: engine tests are about the platform's behaviour, the example service and
 * the suites are about the candidate's.
 */
export class ScriptedCustomEndpoint {
  readonly calls: ScriptedCall[] = [];
  script: (call: ScriptedCall) => ScriptedAnswer = defaultScript;
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  private constructor(
    server: Server,
    readonly baseUrl: string,
  ) {
    this.#server = server;
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  static async start(): Promise<ScriptedCustomEndpoint> {
    let service: ScriptedCustomEndpoint | undefined;
    const server = createServer((req, res) => {
      void read(req).then((text) => {
        const call: ScriptedCall = {
          method: req.method ?? '',
          path: req.url ?? '',
          authorization: req.headers.authorization,
          body: text ? JSON.parse(text) : undefined,
        };
        service?.calls.push(call);
        const answer = service?.script(call) ?? 'hang';
        if (answer === 'hang') return;
        if (answer === 'reset') {
          req.socket.destroy();
          return;
        }
        const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    service = new ScriptedCustomEndpoint(
      server,
      `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    );
    return service;
  }

  /** Calls whose path ends the way given (e.g. `/events`). */
  callsTo(suffix: string): ScriptedCall[] {
    return this.calls.filter((call) => call.path.endsWith(suffix));
  }

  close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

/** A reply with the given items and analytics, as the Custom Endpoint wire has it. */
export function ceReply(...response: unknown[]): { status: number; body: unknown } {
  return {
    status: 200,
    body: {
      response,
      analytics: { intents: [{ id: 'scripted', description: 'scripted', confidenceScore: 1 }] },
    },
  };
}

export const ceText = (message: string) => ({ type: 'TEXT', data: { message } });

function defaultScript(call: ScriptedCall): ScriptedAnswer {
  if (call.path.endsWith('/state'))
    return { status: 200, body: { state: 'online', version: '1.0.0' } };
  if (call.method === 'PUT') return { status: 200 };
  const body = call.body as { type?: string; data?: { message?: string } };
  return ceReply(
    ceText(body.type === 'START' ? 'welcome' : `echo: ${body.data?.message ?? body.type}`),
  );
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
