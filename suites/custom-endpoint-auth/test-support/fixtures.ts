/**
 * Candidates for the CE-AUTH and SEC tests that the zoo lacks: the example Custom Endpoint with
 * one behaviour changed, started like the built-in bot. Test code only.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { request } from 'undici';
import { type BuiltContext, buildContext } from '../../../harness/index.ts';
import {
  type ExampleCustomEndpointHooks,
  type ExampleCustomEndpointOptions,
  type MockCloud,
  type RunningCustomEndpoint,
  startExampleCustomEndpoint,
} from '../../../mocks/index.ts';

type StartOptions = Omit<ExampleCustomEndpointOptions, 'auth'> & {
  auth?: ExampleCustomEndpointOptions['auth'];
};

/** A run context whose candidate is the example with `hooks` (and options) as given. */
export function exampleContext(
  options: (cloud: MockCloud) => StartOptions = () => ({}),
): Promise<BuiltContext> {
  return buildContext(
    { timeoutMs: 2000 },
    {
      startCandidate: (cloud) =>
        startExampleCustomEndpoint({
          auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
          ...options(cloud),
        }),
    },
  );
}

/** The example with hooks. */
export const hookedContext = (hooks: ExampleCustomEndpointHooks) =>
  exampleContext(() => ({ hooks }));

/** Accepts each token once: a replay check that breaks the platform's cached bearer. */
export function singleUseTokens(): ExampleCustomEndpointHooks {
  const seen = new Set<string>();
  return {
    async authorize(authorization, verify) {
      const result = await verify();
      if (!result.ok || authorization === undefined) return result;
      if (seen.has(authorization)) return { ok: false, status: 401, reason: 'token replayed' };
      seen.add(authorization);
      return result;
    },
  };
}

/**
 * A front server for a running Custom Endpoint that forwards every request, except that with
 * `withoutE1` E1 answers 404 whatever the credentials (a service that does not implement E1), and
 * with `closesAfterErrors` a socket that carried an error response is dropped when the next
 * request arrives on it, without a "Connection: close" (Express after an error, for one).
 */
async function front(
  inner: RunningCustomEndpoint,
  options: { withoutE1?: boolean; closesAfterErrors?: boolean },
): Promise<RunningCustomEndpoint> {
  const e1 = `/v1/bots/${inner.botId}/environments`;
  const poisoned = new WeakSet<Socket>();
  const server = createServer((req, res) => {
    if (poisoned.has(req.socket)) {
      req.socket.destroy();
      return;
    }
    void (async () => {
      if (options.withoutE1 && (req.url ?? '').split('?')[0] === e1) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const response = await request(`${inner.baseUrl}${req.url ?? '/'}`, {
        method: (req.method ?? 'GET') as 'GET',
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      });
      const body = Buffer.from(await response.body.arrayBuffer());
      const contentType = response.headers['content-type'];
      res
        .writeHead(
          response.statusCode,
          typeof contentType === 'string' ? { 'content-type': contentType } : {},
        )
        .end(body);
      if (options.closesAfterErrors && response.statusCode >= 400) poisoned.add(req.socket);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
    });
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    botId: inner.botId,
    environment: inner.environment,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await inner.close();
    },
  };
}

/** A run context whose candidate is the example behind a `front` with these options. */
function frontContext(options: Parameters<typeof front>[1]): Promise<BuiltContext> {
  return buildContext(
    { timeoutMs: 2000 },
    {
      startCandidate: async (cloud) =>
        front(
          await startExampleCustomEndpoint({
            auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
          }),
          options,
        ),
    },
  );
}

/** The example behind a front that drops a kept-alive socket after each error response. */
export const closesAfterErrorsContext = () => frontContext({ closesAfterErrors: true });

/** A run context whose candidate is the example without E1. */
export const withoutE1Context = () => frontContext({ withoutE1: true });
