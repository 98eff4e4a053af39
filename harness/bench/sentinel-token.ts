import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import type { MockCloud } from '../../mocks/index.ts';
import { type Comparison, inFlight } from './measure.ts';

/** Requests in flight, and connections in each side's pool. */
const concurrency = 32;

/**
 * A bare node:http(s) server on 127.0.0.1 that reads the whole request and answers `body` as
 * JSON with 200: the least any server can do for the same exchange.
 */
export async function startRawHttpServer(
  body: string,
  tls?: { cert: string; key: string },
): Promise<{ origin: string; close: () => Promise<void> }> {
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
  };
  const server = tls ? createHttpsServer(tls, answer) : createHttpServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Sends one request with undici and reads the body; rejects on a status other than 200. */
export async function fetchText(
  dispatcher: Agent,
  url: string,
  options: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {},
): Promise<string> {
  const response = await request(url, { dispatcher, ...options });
  const text = await response.body.text();
  if (response.statusCode !== 200) {
    throw new Error(`${options.method ?? 'GET'} ${url} answered ${response.statusCode}: ${text}`);
  }
  return text;
}

/**
 * Sentinel client-credentials token issuance (an RS256 JWT per request) over HTTPS, against a raw
 * node:https server with the same certificate answering a fixed body of the same size.
 */
export async function sentinelToken(
  cloud: MockCloud,
): Promise<Comparison & { close: () => Promise<void> }> {
  const dispatcher = new Agent({
    connections: concurrency,
    connect: { ca: cloud.certificates.caCertPem },
  });
  const form = {
    method: 'POST' as const,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: cloud.app.clientId,
      client_secret: cloud.app.clientSecret,
    }).toString(),
  };
  const sample = await fetchText(dispatcher, cloud.urls.tokenUrl, form);
  const raw = await startRawHttpServer(sample, {
    cert: cloud.certificates.certPem,
    key: cloud.certificates.keyPem,
  });
  const rawUrl = `${raw.origin}${new URL(cloud.urls.tokenUrl).pathname}`;
  const post = (url: string) => async () => {
    await fetchText(dispatcher, url, form);
  };
  return {
    name: `Sentinel token POST (https, ${concurrency} in flight)`,
    opsPerRound: 1000,
    ours: (count) => inFlight(count, concurrency, post(cloud.urls.tokenUrl)),
    ceiling: (count) => inFlight(count, concurrency, post(rawUrl)),
    close: async () => {
      await dispatcher.close();
      await raw.close();
    },
  };
}
