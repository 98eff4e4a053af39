// Spec: ums.md §8 (notifications), §11 (routing a conversation to a bot) and §12 (connect
// sequence): rings, assignment, messages, transfers and closes reach the bot as the notifications
// node-agent-sdk expects, each valid against its schema.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  UMSExConversationChangeNotificationBody,
  UMSMessagingEventNotification,
  UMSRoutingTaskNotificationBody,
} from '../../schemas/index.ts';
import type { Agent } from '../platform/account-directory.ts';
import type { Conversation, Participant } from '../platform/conversation.ts';
import { startUmsTestBed, type UmsTestBed } from './test-support/test-ums-bed.ts';
import type { TestUmsClient } from './test-support/test-ums-client.ts';

const exType = '.ams.aam.ExConversationChangeNotification';
const routingType = '.ams.routing.RoutingTaskNotification';
const eventType = '.ams.ms.OnlineEventDistribution';

let bed: UmsTestBed;
let bot: Agent;
let client: TestUmsClient;
const clients: TestUmsClient[] = [];

/** The typical bot start (ums.md §12 step 4): ONLINE, routing tasks, own conversations. */
async function startBot(agent: Agent): Promise<TestUmsClient> {
  const connected = await bed.connect(agent);
  clients.push(connected);
  await connected.request('.ams.routing.SetAgentState', { availability: 'ONLINE' });
  await connected.request('.ams.routing.SubscribeRoutingTasks', {
    channelType: 'MESSAGING',
    agentId: agent.oldId,
    brandId: bed.accountId,
  });
  await connected.notification(
    routingType,
    (body: UMSRoutingTaskNotificationBody) => body.changes.length === 0,
  );
  await connected.request('.ams.aam.SubscribeExConversations', {
    convState: ['OPEN'],
    agentIds: [agent.oldId],
  });
  await connected.notification(exType);
  return connected;
}

/** A ring reaches the bot and it accepts it (ums.md §11). */
async function acceptNextRing(connected: TestUmsClient): Promise<string> {
  const ring = await connected.notification<UMSRoutingTaskNotificationBody>(
    routingType,
    (body) => body.changes[0]?.result.ringsDetails[0]?.ringState === 'WAITING',
    'a WAITING ring',
  );
  const ringId = ring.changes[0]?.result.ringsDetails[0]?.ringId ?? '';
  const response = await connected.request('.ams.routing.UpdateRingState', {
    ringId,
    ringState: 'ACCEPTED',
  });
  expect(response).toMatchObject({ code: 202, body: 'Ring state updated successfully' });
  return ringId;
}

function consumerOf(conversation: Conversation): Participant {
  const consumer = conversation.participants.find((p) => p.role === 'CONSUMER');
  if (!consumer) throw new Error('the conversation has no consumer');
  return consumer;
}

beforeEach(async () => {
  bed = await startUmsTestBed();
  bot = bed.addBot();
  client = await startBot(bot);
});

afterEach(async () => {
  for (const each of clients.splice(0)) expect(each.schemaIssues).toEqual([]);
  await bed.close();
});

describe('routing a conversation to the bot', () => {
  it('rings, takes UpdateRingState ACCEPTED, and pushes the UPSERT with the bot as ASSIGNED_AGENT', async () => {
    const conversation = bed.openConversation();
    const ring = await client.notification<UMSRoutingTaskNotificationBody>(routingType);
    expect(ring.changes).toMatchObject([
      {
        type: 'UPSERT',
        result: {
          taskCompleted: false,
          conversationId: conversation.id,
          consumerId: conversation.consumerId,
          skillId: bed.skillId,
          brandId: bed.accountId,
          ringsDetails: [
            {
              ringState: 'WAITING',
              ringExpiration: 72_000,
              ringExpirationTs: bed.clock.now() + 72_000,
              convId: conversation.id,
              consumerId: conversation.consumerId,
              skillId: bed.skillId,
              brandId: bed.accountId,
            },
          ],
        },
      },
    ]);
    const ringId = ring.changes[0]?.result.ringsDetails[0]?.ringId ?? '';
    expect(ringId.startsWith(`${conversation.id}_${bed.accountId}_`)).toBe(true);

    const response = await client.request('.ams.routing.UpdateRingState', {
      ringId,
      ringState: 'ACCEPTED',
    });
    expect(response).toMatchObject({ code: 202, type: '.ReqBody$StringResp' });
    const accepted = await client.notification<UMSRoutingTaskNotificationBody>(routingType);
    expect(accepted.changes[0]?.result).toMatchObject({
      taskCompleted: true,
      assignedAgentId: bot.oldId,
      ringsDetails: [{ ringId, ringState: 'ACCEPTED' }],
    });
    const upsert = await client.notification<UMSExConversationChangeNotificationBody>(exType);
    // The response comes before the notifications the request caused.
    const order = client.received.map((frame) => frame.type);
    expect(order.lastIndexOf('.ReqBody$StringResp')).toBeLessThan(order.lastIndexOf(exType));

    const details = upsert.changes[0]?.result.conversationDetails;
    expect(upsert.changes).toHaveLength(1);
    expect(upsert.changes[0]?.type).toBe('UPSERT');
    expect(details?.participants).toEqual({
      CONSUMER: [conversation.consumerId],
      ASSIGNED_AGENT: [bot.oldId],
    });
    expect(details?.participantsPId).toEqual({
      CONSUMER: [conversation.consumerId],
      ASSIGNED_AGENT: [bot.pid],
    });
    expect(details?.dialogs).toMatchObject([
      {
        dialogId: conversation.id,
        dialogType: 'MAIN',
        channelType: 'MESSAGING',
        state: 'OPEN',
        participantsDetails: [
          { id: conversation.consumerId, role: 'CONSUMER', state: 'ACTIVE' },
          { id: bot.pid, role: 'ASSIGNED_AGENT', state: 'ACTIVE' },
        ],
      },
    ]);
  });

  it('resends a ring still waiting when the bot subscribes again on a new socket', async () => {
    bed.openConversation();
    const ring = await client.notification<UMSRoutingTaskNotificationBody>(routingType);
    const ringId = ring.changes[0]?.result.ringsDetails[0]?.ringId;
    await client.close();
    const again = await startBot(bot);
    expect(await again.notification<UMSRoutingTaskNotificationBody>(routingType)).toMatchObject({
      changes: [{ result: { ringsDetails: [{ ringId, ringState: 'WAITING' }] } }],
    });
  });
});

describe('messaging events', () => {
  let conversation: Conversation;

  beforeEach(async () => {
    conversation = bed.openConversation();
    await acceptNextRing(client);
    await client.notification(exType);
  });

  it('pushes a consumer message to the bot as OnlineEventDistribution', async () => {
    const consumer = consumerOf(conversation);
    bed.account.conversations.publish(conversation.id, {
      originator: consumer,
      event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hello' },
    });
    expect(await client.notification<UMSMessagingEventNotification>(eventType)).toEqual({
      sequence: 0,
      dialogId: conversation.id,
      conversationId: conversation.id,
      serverTimestamp: bed.clock.now(),
      originatorId: consumer.id,
      originatorPId: consumer.pid,
      originatorMetadata: { id: consumer.pid, role: 'CONSUMER' },
      event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hello' },
    });
  });

  it('pushes the bot its own event after the PublishEvent response, and chat states too', async () => {
    const response = await client.request('.ams.ms.PublishEvent', {
      dialogId: conversation.id,
      event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hi there' },
    });
    expect(response.body).toEqual({ sequence: 0 });
    expect(await client.notification<UMSMessagingEventNotification>(eventType)).toMatchObject({
      sequence: 0,
      originatorId: bot.oldId,
      originatorPId: bot.pid,
      originatorMetadata: { id: bot.pid, role: 'ASSIGNED_AGENT' },
    });
    bed.account.conversations.publish(conversation.id, {
      originator: consumerOf(conversation),
      event: { type: 'ChatStateEvent', chatState: 'COMPOSING' },
    });
    expect(await client.notification<UMSMessagingEventNotification>(eventType)).toMatchObject({
      sequence: 0,
      event: { type: 'ChatStateEvent', chatState: 'COMPOSING' },
    });
  });

  it('reaches every socket of the bot but no agent outside the conversation', async () => {
    const second = await bed.connect(bot);
    const outsider = await bed.connect(bed.addBot());
    clients.push(second, outsider);
    bed.account.conversations.publish(conversation.id, {
      originator: consumerOf(conversation),
      event: { type: 'ContentEvent', contentType: 'text/plain', message: 'anyone?' },
      messageAudience: 'AGENTS_AND_MANAGERS',
    });
    await client.notification(eventType);
    await second.notification(eventType);
    await outsider.request('.GetClock');
    expect(outsider.pending(eventType)).toEqual([]);
  });

  it('UMS-05 answers 403 to a publish into a conversation the bot is not in', async () => {
    const other = bed.openConversation();
    const response = await client.request('.ams.ms.PublishEvent', {
      dialogId: other.id,
      event: { type: 'ContentEvent', contentType: 'text/plain', message: 'wrong room' },
    });
    expect(response).toMatchObject({ code: 403, type: '.ReqBody$ErrorResp' });
    expect(other.dialogs[0]?.events).toEqual([]);
  });
});

describe('transfers and closes', () => {
  let conversation: Conversation;
  let humanSkill: string;

  beforeEach(async () => {
    humanSkill = bed.account.directory.addSkill('human').id;
    conversation = bed.openConversation();
    await acceptNextRing(client);
    await client.notification(exType);
  });

  it('transfer to a skill: a last UPSERT without the bot, then DELETE', async () => {
    const response = await client.request('.ams.cm.UpdateConversationField', {
      conversationId: conversation.id,
      conversationField: [
        { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: bot.oldId },
        { field: 'Skill', type: 'UPDATE', skill: humanSkill },
      ],
    });
    expect(response).toMatchObject({ code: 200, body: 'OK Agent removed successfully' });
    const body = await client.notification<UMSExConversationChangeNotificationBody>(exType);
    expect(body.changes.map((change) => change.type)).toEqual(['UPSERT', 'DELETE']);
    const details = body.changes[0]?.result.conversationDetails;
    expect(details).toMatchObject({
      skillId: humanSkill,
      state: 'OPEN',
      participants: { CONSUMER: [conversation.consumerId] },
      conversationHandlerDetails: { skillId: humanSkill },
    });
    expect(details?.participants.ASSIGNED_AGENT).toBeUndefined();
    // The bot is out: nothing more about this conversation reaches it.
    bed.account.conversations.setTtr(conversation, 'URGENT');
    await client.request('.GetClock');
    expect(client.pending(exType)).toEqual([]);
  });

  it('transfer to an agent: the agent is SUGGESTED, only in participantsDetails, and sees it', async () => {
    const alice = bed.account.directory.addAgent({ loginName: 'alice', skills: ['human'] });
    const aliceClient = await bed.connect(alice);
    clients.push(aliceClient);
    await aliceClient.request('.ams.aam.SubscribeExConversations', {
      convState: ['OPEN'],
      agentIds: [alice.oldId],
    });
    await aliceClient.notification(exType);
    await client.request('.ams.cm.UpdateConversationField', {
      conversationId: conversation.id,
      conversationField: [
        { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: bot.oldId },
        {
          field: 'ParticipantsChange',
          type: 'SUGGEST',
          role: 'ASSIGNED_AGENT',
          userId: alice.oldId,
        },
        { field: 'Skill', type: 'UPDATE', skill: humanSkill },
      ],
    });
    const seen = await aliceClient.notification<UMSExConversationChangeNotificationBody>(exType);
    const details = seen.changes[0]?.result.conversationDetails;
    expect(seen.changes.map((change) => change.type)).toEqual(['UPSERT']);
    expect(details?.participantsPId).toEqual({ CONSUMER: [conversation.consumerId] });
    expect(details?.dialogs[0]?.participantsDetails).toEqual([
      { id: conversation.consumerId, role: 'CONSUMER', state: 'ACTIVE' },
      { id: alice.pid, role: 'ASSIGNED_AGENT', state: 'SUGGESTED' },
    ]);
  });

  it('close: UPSERT with state CLOSE then DELETE for OPEN-only, UPSERT alone for OPEN+CLOSE', async () => {
    const watcher = await bed.connect(bed.addBot());
    clients.push(watcher);
    await watcher.request('.ams.aam.SubscribeExConversations', { convState: ['OPEN', 'CLOSE'] });
    await watcher.notification(exType);
    const response = await client.request('.ams.cm.UpdateConversationField', {
      conversationId: conversation.id,
      conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }],
    });
    expect(response).toMatchObject({ code: 200, type: '.ReqBody$StringResp' });
    const body = await client.notification<UMSExConversationChangeNotificationBody>(exType);
    expect(body.changes.map((change) => change.type)).toEqual(['UPSERT', 'DELETE']);
    for (const change of body.changes) {
      expect(change.result.conversationDetails).toMatchObject({
        state: 'CLOSE',
        closeReason: 'AGENT',
        endTs: bed.clock.now(),
        dialogs: [{ state: 'CLOSE', closedBy: bot.oldId }],
      });
    }
    const watched = await watcher.notification<UMSExConversationChangeNotificationBody>(exType);
    expect(watched.changes.map((change) => change.type)).toEqual(['UPSERT']);
    expect(watched.changes[0]?.result.conversationDetails.state).toBe('CLOSE');
  });

  it('a subscription without agentIds sees every conversation, assigned or not', async () => {
    const manager = await bed.connect(bed.addBot());
    clients.push(manager);
    await manager.request('.ams.aam.SubscribeExConversations', { convState: ['OPEN'] });
    expect(
      await manager.notification<UMSExConversationChangeNotificationBody>(exType),
    ).toMatchObject({ changes: [{ type: 'UPSERT', result: { convId: conversation.id } }] });
    const waiting = bed.openConversation();
    expect(
      await manager.notification<UMSExConversationChangeNotificationBody>(exType),
    ).toMatchObject({ changes: [{ type: 'UPSERT', result: { convId: waiting.id } }] });
  });
});
