/**
 * Test fixtures for the Custom Endpoint suites: the example service with hooks or a body guard
 * in front of it, started inside a full run context. Tests only.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import {
  type BuiltContext,
  CandidateHttp,
  customEndpointTarget,
  type RunContext,
  RunScenarios,
  runSession,
  type Session,
} from '../../../harness/index.ts';
import {
  brokenBot,
  type EndpointAnswer,
  type ExampleCustomEndpointOptions,
  type RunningCustomEndpoint,
  startExampleCustomEndpoint,
} from '../../../mocks/index.ts';
import type { HarnessConfig } from '../../../schemas/index.ts';
import { builtInContext } from '../../test-support/contexts.ts';

/** A request as the guard sees it: method, path and the body text. */
export interface GuardedRequest {
  method: string;
  path: string;
  body: string;
  /** The body parsed as JSON, when it parses. */
  json?: unknown;
}

/** Answers a request itself (a broken behaviour), or lets it through to the example. */
export type Guard = (request: GuardedRequest) => EndpointAnswer | undefined;

export interface ExampleFixtureOptions extends Omit<ExampleCustomEndpointOptions, 'auth'> {
  /** Looks at each request body before the example does. */
  guard?: Guard;
}

/** A candidate's run context, built on a bench's mock cloud. */
export interface BenchContext {
  context: RunContext;
}

/**
 * One mock cloud with the built-in example as its candidate (`base`), on which further candidates
 * get their own run contexts cheaply: the example with hooks or a guard, or a bot of the zoo. They
 * all trust the cloud's Sentinel, so the base's bearer works for each.
 *
 * @example
 * const bench = await CandidateBench.start();
 * const broken = await bench.broken('put-fails');
 * await check.run(broken.context);
 * await bench.dispose();
 */
export class CandidateBench {
  readonly #started: Array<{ close(): Promise<void> }> = [];

  private constructor(readonly base: BuiltContext) {}

  static async start(config: HarnessConfig = {}): Promise<CandidateBench> {
    return new CandidateBench(await builtInContext(config));
  }

  /** The example service, changed as the options say. */
  example(
    options: ExampleFixtureOptions = {},
    run: { timeoutMs?: number } = {},
  ): Promise<BenchContext> {
    const { guard, ...example } = options;
    return this.#candidate(async () => {
      const service = await startExampleCustomEndpoint({ ...example, auth: this.#auth() });
      return guard ? guarded(service, guard) : service;
    }, run);
  }

  /** A broken bot of the zoo; `delayMs` for `slow-answers`. */
  broken(name: string, run: { timeoutMs?: number; delayMs?: number } = {}): Promise<BenchContext> {
    return this.#candidate(
      () =>
        brokenBot(name).start({
          auth: this.#auth(),
          ...(run.delayMs !== undefined ? { delayMs: run.delayMs } : {}),
        }),
      run,
    );
  }

  async dispose(): Promise<void> {
    await Promise.all(this.#started.map((started) => started.close()));
    await this.base.dispose();
  }

  #auth() {
    const { cloud } = this.base.context;
    return { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem };
  }

  async #candidate(
    start: () => Promise<RunningCustomEndpoint>,
    run: { timeoutMs?: number },
  ): Promise<BenchContext> {
    const service = await start();
    const timeoutMs = run.timeoutMs ?? this.base.context.timeoutMs;
    const address = {
      baseUrl: service.baseUrl,
      botId: service.botId,
      environment: service.environment,
    };
    const http = new CandidateHttp(address, { timeoutMs });
    this.#started.push(service, http);
    const target = customEndpointTarget(this.base.context.target);
    if (!target) throw new Error('The bench certifies Custom Endpoints only.');
    // Its own engine session and scenarios: the base context's are another candidate's.
    let session: Promise<Session> | undefined;
    const context: RunContext = {
      ...this.base.context,
      timeoutMs,
      target: { ...target, address, http },
      session: () => (session ??= runSession(context)),
      scenarios: new RunScenarios(),
    };
    return { context };
  }
}

/** A front server that shows every request to `guard` and forwards the rest to `service`. */
async function guarded(
  service: RunningCustomEndpoint,
  guard: Guard,
): Promise<RunningCustomEndpoint> {
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      let json: unknown;
      try {
        json = body === '' ? undefined : JSON.parse(body);
      } catch {
        json = undefined;
      }
      const answer = guard({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        body,
        ...(json !== undefined ? { json } : {}),
      });
      if (answer) {
        if (answer.kind === 'silence') return;
        const text = answer.kind === 'json' ? JSON.stringify(answer.body) : answer.text;
        res.writeHead(answer.status, {
          'content-type':
            answer.kind === 'json' ? 'application/json' : (answer.contentType ?? 'text/plain'),
        });
        res.end(text);
        return;
      }
      const forwarded = await request(`${service.baseUrl}${req.url ?? '/'}`, {
        method: (req.method ?? 'GET') as 'GET',
        headers: {
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          ...(req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {}),
        },
        ...(body !== '' ? { body } : {}),
      });
      const text = await forwarded.body.text();
      const contentType = forwarded.headers['content-type'];
      res.writeHead(
        forwarded.statusCode,
        typeof contentType === 'string' ? { 'content-type': contentType } : {},
      );
      res.end(text);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  let closed: Promise<void> | undefined;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    botId: service.botId,
    environment: service.environment,
    close() {
      closed ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await service.close();
      })();
      return closed;
    },
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Whether a guarded request is an event POST. */
export const isEventPost = (request: GuardedRequest): boolean =>
  request.method === 'POST' && /\/events$/.test(request.path);

/** Whether a guarded request is a conversation PUT. */
export const isConversationPut = (request: GuardedRequest): boolean =>
  request.method === 'PUT' && /\/conversations\/[^/]+$/.test(request.path);
