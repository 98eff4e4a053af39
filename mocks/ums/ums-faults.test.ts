// Spec: ums.md §5.3 (close codes) and §14 (test-control surface: forced closes, failing the next
// N requests of a type); plus the mock's delay and reorder controls for notifications.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UMSMessagingEventNotification } from '../../schemas/index.ts';
import type { Agent } from '../platform/account-directory.ts';
import type { Conversation, Participant } from '../platform/conversation.ts';
import { startUmsTestBed, type UmsTestBed } from './test-support/test-ums-bed.ts';
import type { TestUmsClient } from './test-support/test-ums-client.ts';

const eventType = '.ams.ms.OnlineEventDistribution';

let bed: UmsTestBed;
let bot: Agent;
let client: TestUmsClient & { bearer: string };

beforeEach(async () => {
  bed = await startUmsTestBed();
  bot = bed.addBot();
  client = await bed.connect(bot);
});

afterEach(async () => {
  expect(client.schemaIssues).toEqual([]);
  await bed.close();
});

/** A conversation the bot owns, and a way to make the consumer say something in it. */
function ownedConversation(): { conversation: Conversation; say: (text: string) => void } {
  const conversation = bed.openConversation();
  bed.account.conversations.addParticipant(conversation, {
    id: bot.oldId,
    pid: bot.pid,
    role: 'ASSIGNED_AGENT',
    state: 'ACTIVE',
  });
  const consumer = conversation.participants[0] as Participant;
  return {
    conversation,
    say: (message) => {
      bed.account.conversations.publish(conversation.id, {
        originator: consumer,
        event: { type: 'ContentEvent', contentType: 'text/plain', message },
      });
    },
  };
}

const messageOf = (body: UMSMessagingEventNotification) =>
  (body.event as { message: string }).message;

describe('closing sockets', () => {
  it.each([1000, 1011, 4401, 4407])('closes the agent sockets with %i', async (code) => {
    const other = await bed.connect(bed.addBot());
    expect(bed.server.faults.closeSockets({ agent: bot.userId }, code)).toBe(1);
    expect((await client.closed).code).toBe(code);
    expect((await other.request('.GetClock')).code).toBe(200);
    const close = bed.server.traffic.entries.find((entry) => entry.event === 'close');
    expect(close).toMatchObject({ direction: 'sent', code, agentId: bot.oldId });
  });

  it('terminates sockets without a close frame: the client sees 1006', async () => {
    expect(bed.server.faults.terminateSockets({ agent: bot.pid })).toBe(1);
    expect((await client.closed).code).toBe(1006);
  });

  it('closeSockets with 1006 terminates too; a code a server cannot send is refused', async () => {
    expect(() => bed.server.faults.closeSockets({}, 1005)).toThrow(/not a close code/);
    const connectionId = bed.server.connections()[0]?.connectionId ?? '';
    bed.server.faults.closeSockets({ connectionId }, 1006);
    expect((await client.closed).code).toBe(1006);
  });
});

describe('failNext', () => {
  it('answers the next N requests of a type with the code, then handles them again', async () => {
    bed.server.faults.failNext({ type: '.GetClock', code: 429, count: 2 });
    for (const _ of [1, 2]) {
      const response = await client.request('.GetClock');
      expect(response).toMatchObject({
        code: 429,
        type: '.ReqBody$ErrorResp',
        body: { title: 'Too Many Requests', errorCode: 42900 },
      });
    }
    expect((await client.request('.GetClock')).code).toBe(200);
  });

  it('fails only the target agent and only that type', async () => {
    const other = await bed.connect(bed.addBot());
    bed.server.faults.failNext({
      type: '.ams.routing.SetAgentState',
      code: 503,
      target: { agent: bot.oldId },
    });
    expect((await client.request('.GetClock')).code).toBe(200);
    expect(
      (await other.request('.ams.routing.SetAgentState', { availability: 'ONLINE' })).code,
    ).toBe(202);
    expect(
      await client.request('.ams.routing.SetAgentState', { availability: 'ONLINE' }),
    ).toMatchObject({ code: 503, body: { title: 'Service Unavailable', errorCode: 50300 } });
    expect(bot.availability).toBe('OFFLINE');
  });

  it('refuses a code that is not an error', () => {
    expect(() => bed.server.faults.failNext({ type: '.GetClock', code: 200 })).toThrow(/400–599/);
  });
});

describe('notification delay and reorder', () => {
  it('delays notifications by N ms on the server clock; responses are not delayed', async () => {
    const { say } = ownedConversation();
    bed.server.faults.delayNotifications(5000, { agent: bot.userId });
    say('late');
    expect((await client.request('.GetClock')).code).toBe(200);
    expect(client.pending(eventType)).toEqual([]);
    bed.clock.advance(4999);
    await client.request('.GetClock');
    expect(client.pending(eventType)).toEqual([]);
    bed.clock.advance(1);
    expect(messageOf(await client.notification(eventType))).toBe('late');
    bed.server.faults.delayNotifications(0, { agent: bot.userId });
    say('on time');
    expect(messageOf(await client.notification(eventType))).toBe('on time');
  });

  it('holds the next N notifications and delivers them in reverse order', async () => {
    const { say } = ownedConversation();
    expect(bed.server.faults.reorderNotifications(3, { agent: bot.oldId })).toBe(1);
    say('one');
    say('two');
    await client.request('.GetClock');
    expect(client.pending(eventType)).toEqual([]);
    say('three');
    say('four');
    const messages: string[] = [];
    for (const _ of [1, 2, 3, 4]) messages.push(messageOf(await client.notification(eventType)));
    expect(messages).toEqual(['three', 'two', 'one', 'four']);
  });

  it('reset() delivers held notifications in order and clears every rule', async () => {
    const { say } = ownedConversation();
    bed.server.faults.reorderNotifications(5);
    bed.server.faults.failNext({ type: '.GetClock', code: 500 });
    say('one');
    say('two');
    bed.server.faults.reset();
    expect((await client.request('.GetClock')).code).toBe(200);
    expect(messageOf(await client.notification(eventType))).toBe('one');
    expect(messageOf(await client.notification(eventType))).toBe('two');
  });
});
