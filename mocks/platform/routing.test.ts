/**
 * Routing and the open-conversation limit (ums.md §§8.4, 11; tpb-platform.md §11): rings go to
 * ONLINE agents of the skill, a bot past its limit is skipped, and a conversation nobody else can
 * take is error-escalated with LivePerson's limit code while the others are unaffected.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from './account-directory.ts';
import { ManualClock } from './clock.ts';
import { assignedAgent } from './conversation.ts';
import { maxConversationLimitReached } from './error-codes.ts';
import { createMockAccount, type MockAccount } from './mock-account.ts';
import type { Ring, RoutingTask } from './routing.ts';

let clock: ManualClock;
let account: MockAccount;
let bot: Agent;
let human: Agent;
let rings: Array<{ task: RoutingTask; ring: Ring; state: string }>;

beforeEach(() => {
  clock = new ManualClock();
  account = createMockAccount({ accountId: '12345678', clock, canReceiveRings: () => true });
  bot = account.directory.addAgent({
    loginName: 'bot',
    isBot: true,
    skills: ['bot'],
    escalationSkill: 'human',
  });
  human = account.directory.addAgent({ loginName: 'alice', skills: ['human'] });
  rings = [];
  account.routing.on('ring', (task, ring) => rings.push({ task, ring, state: ring.ringState }));
});

function online(agent: Agent): void {
  agent.availability = 'ONLINE';
  account.routing.offerAll();
}

/** Answers every WAITING ring of an agent the way a connector does. */
function autoAccept(agent: Agent): void {
  account.routing.on('ring', (_task, ring) => {
    if (ring.agentId === agent.oldId && ring.ringState === 'WAITING') {
      queueMicrotask(() => account.routing.updateRing(agent, ring.ringId, 'ACCEPTED'));
    }
  });
}

const skill = (name: string) => account.directory.skillByName(name)?.id as string;

describe('routing', () => {
  it('rings an ONLINE agent of the skill and assigns it on ACCEPTED', () => {
    online(bot);
    const conversation = account.conversations.open({ skillId: skill('bot') });
    expect(rings.map((entry) => [entry.ring.agentId, entry.state])).toEqual([
      [bot.oldId, 'WAITING'],
    ]);
    account.routing.updateRing(bot, rings[0]?.ring.ringId as string, 'ACCEPTED');
    expect(assignedAgent(conversation)?.id).toBe(bot.oldId);
    expect(account.routing.tasks.size).toBe(0);
  });

  it('waits while no agent is ONLINE, and rings when one comes online', () => {
    const conversation = account.conversations.open({ skillId: skill('bot') });
    expect(rings).toEqual([]);
    online(bot);
    expect(rings.map((entry) => entry.task.conversationId)).toEqual([conversation.id]);
  });

  it('expires an unanswered ring and rings again', () => {
    online(bot);
    account.conversations.open({ skillId: skill('bot') });
    clock.advance(72_000);
    expect(rings.map((entry) => entry.state)).toEqual(['WAITING', 'EXPIRED', 'WAITING']);
  });

  it('does not ring an agent that rejected again', () => {
    online(bot);
    account.conversations.open({ skillId: skill('bot') });
    account.routing.updateRing(bot, rings[0]?.ring.ringId as string, 'REJECTED');
    expect(rings.map((entry) => entry.state)).toEqual(['WAITING', 'REJECTED']);
  });

  it('refuses a ring update from another agent, for a ring that is not waiting, or an unknown ring', () => {
    online(bot);
    online(human);
    account.conversations.open({ skillId: skill('bot') });
    const ringId = rings[0]?.ring.ringId as string;
    expect(() => account.routing.updateRing(human, ringId, 'ACCEPTED')).toThrow(/was not offered/);
    account.routing.updateRing(bot, ringId, 'REJECTED');
    expect(() => account.routing.updateRing(bot, ringId, 'ACCEPTED')).toThrow(
      /is REJECTED, not WAITING/,
    );
    expect(() => account.routing.updateRing(bot, 'nope', 'ACCEPTED')).toThrow(/not found/);
  });
});

describe('the open-conversation limit of a bot', () => {
  it('serves 999 conversations and escalates the 1,000th with the limit code, leaving the others alone', async () => {
    online(bot);
    autoAccept(bot);
    const conversations = Array.from({ length: 1000 }, () =>
      account.conversations.open({ skillId: skill('bot') }),
    );
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    const served = conversations.filter(
      (conversation) => assignedAgent(conversation)?.id === bot.oldId,
    );
    const escalated = conversations.filter((conversation) => conversation.errors.length > 0);
    expect(served).toHaveLength(999);
    expect(escalated).toHaveLength(1);
    expect(escalated[0]).toBe(conversations[999]);
    expect(escalated[0]?.errors.map((error) => error.code)).toEqual([maxConversationLimitReached]);
    expect(escalated[0]?.skillId).toBe(skill('human'));
    expect(
      served.every(
        (conversation) => conversation.errors.length === 0 && conversation.skillId === skill('bot'),
      ),
    ).toBe(true);
    // The served ones keep working: a consumer message still lands in each.
    const consumer = served[0]?.participants[0];
    expect(
      consumer &&
        account.conversations.publish(served[0]?.id as string, {
          originator: consumer,
          event: { type: 'ContentEvent', contentType: 'text/plain', message: 'still there?' },
        }),
    ).toBe(0);
  });

  it('counts open conversations only: after one closes, a new one is served', async () => {
    bot.maxOpenConversations = 2;
    online(bot);
    autoAccept(bot);
    const [first] = [1, 2].map(() => account.conversations.open({ skillId: skill('bot') }));
    await new Promise((resolve) => setImmediate(resolve));
    const third = account.conversations.open({ skillId: skill('bot') });
    expect(third.errors.map((error) => error.code)).toEqual([maxConversationLimitReached]);
    account.conversations.close(first as never, 'consumer');
    const fourth = account.conversations.open({ skillId: skill('bot') });
    await new Promise((resolve) => setImmediate(resolve));
    expect(assignedAgent(fourth)?.id).toBe(bot.oldId);
  });

  it("sends the bot's escalation messages to the consumer and, privately, to the agent", () => {
    bot.maxOpenConversations = 0;
    bot.escalationMessages = {
      customerMessage: 'One moment, please.',
      agentMessage: 'Over the limit.',
      failureMessage: 'Sorry.',
    };
    online(bot);
    const conversation = account.conversations.open({ skillId: skill('bot') });
    const said = conversation.dialogs[0]?.events.map((event) => [
      (event.event as { message?: string }).message,
      event.messageAudience ?? 'ALL',
    ]);
    expect(said).toEqual([
      ['One moment, please.', 'ALL'],
      ['Over the limit.', 'AGENTS_AND_MANAGERS'],
    ]);
  });

  it('sends the transfer failure message when the bot has no escalation skill', () => {
    const lonely = account.directory.addAgent({
      loginName: 'lonely',
      isBot: true,
      skills: ['solo'],
      maxOpenConversations: 0,
      escalationMessages: { failureMessage: 'Sorry, nobody is free.' },
    });
    online(lonely);
    const conversation = account.conversations.open({ skillId: skill('solo') });
    expect(conversation.errors.map((error) => error.code)).toEqual([maxConversationLimitReached]);
    expect(
      conversation.dialogs[0]?.events.map((event) => (event.event as { message?: string }).message),
    ).toEqual(['Sorry, nobody is free.']);
  });

  it('hands the escalated conversation to an agent of the escalation skill', () => {
    bot.maxOpenConversations = 0;
    online(bot);
    online(human);
    const conversation = account.conversations.open({ skillId: skill('bot') });
    expect(conversation.skillId).toBe(skill('human'));
    expect(rings.map((entry) => [entry.ring.agentId, entry.state])).toEqual([
      [human.oldId, 'WAITING'],
    ]);
  });
});
