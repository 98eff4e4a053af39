/**
 * Candidates for the CE-AUTH and SEC tests that the zoo lacks: the example Custom Endpoint with
 * one behaviour changed, started like the built-in bot. Test code only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { type BuiltContext, buildContext } from '../../harness/runner/build-context.ts';
import {
  type ExampleCustomEndpointHooks,
  type ExampleCustomEndpointOptions,
  type RunningCustomEndpoint,
  startExampleCustomEndpoint,
} from '../../mocks/bots/index.ts';
import type { MockCloud } from '../../mocks/cloud/mock-cloud.ts';

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
 * Serves every route of a running Custom Endpoint except E1, which answers 404 whatever the
 * credentials (a service that does not implement E1).
 */
export async function withoutE1(inner: RunningCustomEndpoint): Promise<RunningCustomEndpoint> {
  const e1 = `/v1/bots/${inner.botId}/environments`;
  const server = createServer((req, res) => {
    void (async () => {
      if ((req.url ?? '').split('?')[0] === e1) {
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

/** A run context whose candidate is the example without E1. */
export function withoutE1Context(): Promise<BuiltContext> {
  return buildContext(
    { timeoutMs: 2000 },
    {
      startCandidate: async (cloud) =>
        withoutE1(
          await startExampleCustomEndpoint({
            auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
          }),
        ),
    },
  );
}
