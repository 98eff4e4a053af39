// Spec: ums.md §8.1 (initial fetch capped at 1000 conversations) and the mock's efficiency goal:
// one bot with 1000 open conversations gets every ring, UPSERT and message without slowing down.
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UMSExConversationChangeNotificationBody } from '../../schemas/index.ts';
import type { Agent } from '../platform/account-directory.ts';
import type { Conversation, Participant } from '../platform/conversation.ts';
import { startUmsTestBed, type UmsTestBed } from './test-support/test-ums-bed.ts';
import type { TestUmsClient } from './test-support/test-ums-client.ts';

const count = 1000;
let bed: UmsTestBed;
let bot: Agent;
let client: TestUmsClient;

beforeEach(async () => {
  bed = await startUmsTestBed();
  bot = bed.addBot({ maxOpenConversations: 2 * count });
  client = await bed.connect(bot);
  await client.request('.ams.routing.SetAgentState', { availability: 'ONLINE' });
  await client.request('.ams.routing.SubscribeRoutingTasks', {});
  await client.request('.ams.aam.SubscribeExConversations', {
    convState: ['OPEN'],
    agentIds: [bot.oldId],
  });
});

afterEach(async () => {
  await bed.close();
});

describe('1000 open conversations with one bot', () => {
  it('routes, assigns and distributes messages quickly', { timeout: 8000 }, async () => {
    const started = performance.now();
    const conversations: Conversation[] = [];
    for (let index = 0; index < count; index += 1) {
      const conversation = bed.openConversation();
      const ring = bed.account.routing.tasks.get(conversation.id)?.rings[0];
      if (!ring) throw new Error(`conversation ${index} was not rung`);
      bed.account.routing.updateRing(bot, ring.ringId, 'ACCEPTED');
      conversations.push(conversation);
    }
    for (const conversation of conversations) {
      bed.account.conversations.publish(conversation.id, {
        originator: conversation.participants[0] as Participant,
        event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hi' },
      });
    }
    const last = conversations.at(-1) as Conversation;
    await client.notification(
      '.ams.ms.OnlineEventDistribution',
      (body: { dialogId: string }) => body.dialogId === last.id,
      'the message in the last conversation',
    );
    const routedMs = performance.now() - started;

    const resubscribed = performance.now();
    await client.request('.ams.aam.SubscribeExConversations', {
      convState: ['OPEN'],
      agentIds: [bot.oldId],
    });
    const initial = await client.notification<UMSExConversationChangeNotificationBody>(
      '.ams.aam.ExConversationChangeNotification',
      (body) => body.changes.length === count,
      `the initial notification with ${count} conversations`,
    );
    const resubscribedMs = performance.now() - resubscribed;

    const types = client.received.map((frame) => frame.type);
    const counted = (type: string) => types.filter((candidate) => candidate === type).length;
    expect(counted('.ams.ms.OnlineEventDistribution')).toBe(count);
    // One WAITING and one ACCEPTED ring per conversation, after the initial empty one.
    expect(counted('.ams.routing.RoutingTaskNotification')).toBe(2 * count + 1);
    expect(initial.changes.every((change) => change.type === 'UPSERT')).toBe(true);
    expect(routedMs).toBeLessThan(4000);
    expect(resubscribedMs).toBeLessThan(1000);
  });
});
