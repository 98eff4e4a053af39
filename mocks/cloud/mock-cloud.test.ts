/**
 * The MockCloud as one piece: WSS and plain WS, CSDS answering the scheme it was asked over, the
 * 999-conversation limit over a real socket, and the fault controls.
 */
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxConversationLimitReached } from '../platform/error-codes.ts';
import { TestUmsClient } from '../ums/test-support/test-ums-client.ts';
import { MockCloud } from './mock-cloud.ts';

let cloud: MockCloud;
let dispatcher: Agent;

beforeAll(async () => {
  cloud = await MockCloud.start({ skills: ['bot', 'human'] });
  dispatcher = new Agent({ connect: { ca: cloud.certificates.caCertPem } });
});

afterAll(async () => {
  await dispatcher.close();
  await cloud.stop();
  await cloud.stop();
});

/** A bot socket over WSS (or plain WS) with a fresh session of the cloud's bot agent. */
async function connectBot(scheme: 'wss' | 'ws' = 'wss'): Promise<TestUmsClient> {
  const session = cloud.sessions.issueBearer(cloud.account.accountId, cloud.agent);
  const base = scheme === 'wss' ? cloud.urls.https : cloud.urls.http;
  const url = `${base.replace(/^http/, 'ws')}/ws_api/account/${cloud.account.accountId}/messaging/brand/${session.bearer}?v=2.1`;
  return TestUmsClient.connect(url, { ca: cloud.certificates.caCertPem });
}

describe('MockCloud', () => {
  it('hands out its own scheme in CSDS: the TLS port over HTTPS, the plain port over HTTP', async () => {
    for (const [base, expected] of [
      [cloud.urls.https, new URL(cloud.urls.https).host],
      [cloud.urls.http, new URL(cloud.urls.http).host],
    ] as const) {
      const response = await request(
        `${base}/api/account/${cloud.account.accountId}/service/baseURI.json?version=1.0`,
        { dispatcher },
      );
      const body = (await response.body.json()) as {
        baseURIs: Array<{ service: string; baseURI: string }>;
      };
      expect(body.baseURIs.find((entry) => entry.service === 'asyncMessagingEnt')?.baseURI).toBe(
        expected,
      );
    }
  });

  it('speaks UMS over plain WS too', async () => {
    const bot = await connectBot('ws');
    expect((await bot.request('.GetClock')).code).toBe(200);
    await bot.close();
  });

  it('serves 999 conversations of the bot and escalates the 1,000th with the limit code', {
    timeout: 30_000,
  }, async () => {
    const bot = await connectBot();
    bot.ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      if (frame.type !== '.ams.routing.RoutingTaskNotification') return;
      for (const change of frame.body.changes) {
        for (const ring of change.result.ringsDetails) {
          if (ring.ringState === 'WAITING') {
            bot.sendText(
              JSON.stringify({
                kind: 'req',
                id: ring.ringId,
                type: '.ams.routing.UpdateRingState',
                body: { ringId: ring.ringId, ringState: 'ACCEPTED' },
              }),
            );
          }
        }
      }
    });
    await bot.request('.ams.routing.SetAgentState', { availability: 'ONLINE' });
    await bot.request('.ams.routing.SubscribeRoutingTasks', {});
    const ids = Array.from(
      { length: 1000 },
      (_, index) => cloud.consumer.open({ text: `hello ${index}` }).conversationId,
    );
    const served = await cloud.consumer.waitFor(
      () => {
        const assigned = ids.filter((id) =>
          cloud.account.conversations
            .get(id)
            ?.participants.some((p) => p.id === cloud.agent.oldId && p.role === 'ASSIGNED_AGENT'),
        );
        return assigned.length === 999 ? assigned : undefined;
      },
      { timeoutMs: 20_000, description: '999 conversations assigned to the bot' },
    );
    const escalated = ids.filter((id) => !served.includes(id));
    expect(escalated).toHaveLength(1);
    const transcript = cloud.consumer.transcript(escalated[0] as string);
    expect(transcript.errors.map((error) => error.code)).toEqual([maxConversationLimitReached]);
    expect(transcript.skill).toBe('escalation');
    expect(cloud.consumer.transcript(served[0] as string).errors).toEqual([]);
    expect(bot.schemaIssues).toEqual([]);
    for (const id of ids) cloud.consumer.close(id);
    await bot.close();
  });

  it('fault controls: failNext, expireBearer (4401), dropSocket with a code', async () => {
    const bot = await connectBot();
    cloud.faults.failNext('.GetClock', 503);
    expect((await bot.request('.GetClock')).code).toBe(503);
    expect((await bot.request('.GetClock')).code).toBe(200);
    expect(cloud.faults.expireBearer(cloud.agent)).toBe(1);
    expect((await bot.closed).code).toBe(4401);

    const again = await connectBot();
    expect(cloud.faults.dropSocket(cloud.agent, 1011)).toBe(1);
    expect((await again.closed).code).toBe(1011);
  });
});
