import { afterAll } from 'vitest';
import type { Agent } from '../../../platform/account-directory.ts';
import { TestUmsClient } from '../../../ums/test-support/test-ums-client.ts';
import { MockCloud } from '../../mock-cloud.ts';
import type { FrameIds } from './bad-frames.ts';

/** A mock cloud with a bot that serves a live conversation, for the UMS properties. */
export interface UmsFuzzBed {
  cloud: MockCloud;
  /** The cloud's bot, ONLINE, subscribed to routing tasks, assigned to `ids.conversationId`. */
  bot: TestUmsClient;
  ids: FrameIds;
  /** A new bot agent of the account without skills: it never takes the conversation's rings. */
  addAgent(loginName: string): Agent;
  /** Opens a socket with a new session of the agent (which ends its previous session). */
  connect(agent: Agent): Promise<TestUmsClient>;
  /** The brand websocket URL with a new session of the agent, for a client of the test's own. */
  brandUrl(agent: Agent): string;
}

/** Starts the bed; it stops after the file's tests. */
export async function startUmsFuzzBed(): Promise<UmsFuzzBed> {
  const cloud = await MockCloud.start();
  const accountId = cloud.account.accountId;
  const clients: TestUmsClient[] = [];
  const brandUrl = (agent: Agent): string => {
    const { bearer } = cloud.sessions.issueBearer(accountId, agent);
    const base = cloud.urls.http.replace(/^http/, 'ws');
    return `${base}/ws_api/account/${accountId}/messaging/brand/${bearer}?v=2.1`;
  };
  const connect = async (agent: Agent): Promise<TestUmsClient> => {
    const client = await TestUmsClient.connect(brandUrl(agent));
    clients.push(client);
    return client;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await cloud.stop();
  });

  const bot = await connect(cloud.agent);
  await bot.request('.ams.routing.SetAgentState', { availability: 'ONLINE' });
  await bot.request('.ams.routing.SubscribeRoutingTasks', {});
  const { conversationId, consumerId } = cloud.consumer.open({ text: 'hello' });
  const task = await bot.notification<{
    changes: { result: { conversationId: string; ringsDetails: { ringId: string }[] } }[];
  }>(
    '.ams.routing.RoutingTaskNotification',
    (body) => body.changes.some((change) => change.result.conversationId === conversationId),
    `the ring of conversation ${conversationId}`,
  );
  const ringId = task.changes[0]?.result.ringsDetails[0]?.ringId;
  const accepted = await bot.request('.ams.routing.UpdateRingState', {
    ringId,
    ringState: 'ACCEPTED',
  });
  if (accepted.code >= 300) {
    throw new Error(`Failed to set up the UMS fuzz bed: the bot could not accept ring ${ringId}.`);
  }
  return {
    cloud,
    bot,
    ids: { conversationId, consumerId, agentId: cloud.agent.oldId, accountId },
    addAgent: (loginName) =>
      cloud.account.directory.addAgent({ loginName, isBot: true, skills: [] }),
    connect,
    brandUrl,
  };
}
