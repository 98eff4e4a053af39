import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { CustomEndpointClient, engineDefaults } from '../../mocks/index.ts';
import { benchBot, botPath, eventHeaders, textEvent } from './event-exchange.ts';
import { inFlight, type Workload } from './measure.ts';

/** Requests in flight, and connections in each client's pool. */
export const loopConcurrency = 32;

/** A workload and the connection pool it owns. */
export interface PooledWorkload {
  run: Workload;
  close(): Promise<void>;
}

/**
 * Rows (a) and (d): a pooled undici client POSTs the event to `origin` with `loopConcurrency`
 * in flight and reads each reply; any status but 200 fails the round. Each request has a
 * conversation id of its own, as the platform's would.
 */
export function rawEventPosts(origin: string): PooledWorkload {
  const dispatcher = new Agent({ connections: loopConcurrency });
  const body = JSON.stringify(textEvent);
  const post = async () => {
    const url = `${origin}${botPath}/conversations/${randomUUID()}/events`;
    const response = await request(url, {
      dispatcher,
      method: 'POST',
      headers: eventHeaders,
      body,
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) {
      throw new Error(`POST ${url} answered ${response.statusCode}, expected 200: ${text}`);
    }
  };
  return {
    run: (count) => inFlight(count, loopConcurrency, post),
    close: () => dispatcher.close(),
  };
}

/**
 * Row (b): the engine's own caller, `CustomEndpointClient.sendEvent`, with the same pool size and
 * concurrency: what it adds over (a) is the bearer, the timeout and retry policy, the evidence of
 * every exchange and the tolerant parse of the reply.
 */
export function callerEventPosts(origin: string): PooledWorkload {
  const dispatcher = new Agent({ connections: loopConcurrency });
  const client = new CustomEndpointClient({
    baseUrl: origin,
    botId: benchBot.botId,
    environment: benchBot.environment,
    tokens: { token: async () => benchBot.token },
    // The platform's own policy; no attempt is retried against a server that answers 200.
    requestTimeoutMs: engineDefaults.requestTimeoutMs,
    maxAttempts: engineDefaults.maxAttempts,
    retryPausesMs: engineDefaults.retryPausesMs,
    dispatcher,
  });
  const send = async () => {
    const outcome = await client.sendEvent(randomUUID(), textEvent);
    if (!outcome.ok) throw new Error(outcome.detail);
  };
  return {
    run: (count) => inFlight(count, loopConcurrency, send),
    close: async () => {
      await client.close();
      await dispatcher.close();
    },
  };
}
