// Spec: ums.md §§6–9 and §14 (test-control surface), tpb-platform.md §§5–6 (welcome, consumer rich
// content and files): the consumer simulator opens conversations, sends every kind of consumer
// event, closes, and shows it all in one ordered transcript.
import { describe, expect, it } from 'vitest';
import { validate } from '../../schemas/index.ts';
import type { Agent } from '../platform/account-directory.ts';
import { ManualClock } from '../platform/clock.ts';
import { createMockAccount, type MockAccount } from '../platform/mock-account.ts';
import { ConsumerSimulator } from './consumer-simulator.ts';
import { ConsumerSimulatorError } from './consumer-simulator-error.ts';
import { WaitTimeoutError } from './wait-for.ts';

const location = {
  type: 'vertical',
  elements: [{ type: 'map', la: 52.37, lo: 4.89, alt: 'Amsterdam' }],
};

function setup(): { account: MockAccount; clock: ManualClock; consumer: ConsumerSimulator } {
  const clock = new ManualClock();
  const account = createMockAccount({ accountId: '123', clock, canReceiveRings: () => false });
  account.directory.addSkill('bot-skill');
  account.directory.addSkill('human-skill');
  return {
    account,
    clock,
    consumer: new ConsumerSimulator(account, { defaultSkill: 'bot-skill' }),
  };
}

/** An agent joins as the platform would after an accepted ring, and publishes as the UMS server does. */
function join(account: MockAccount, conversationId: string, agent: Agent): void {
  const conversation = account.conversations.require(conversationId);
  account.conversations.addParticipant(conversation, {
    id: agent.oldId,
    pid: agent.pid,
    role: 'ASSIGNED_AGENT',
    state: 'ACTIVE',
  });
}

function say(account: MockAccount, conversationId: string, agent: Agent, text: string): number {
  return account.conversations.publish(conversationId, {
    originator: { id: agent.oldId, pid: agent.pid, role: 'ASSIGNED_AGENT', state: 'ACTIVE' },
    event: { type: 'ContentEvent', contentType: 'text/plain', message: text },
  });
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ConsumerSimulatorError) return error.code;
    throw error;
  }
  return undefined;
}

describe('ConsumerSimulator.open', () => {
  it('opens a messaging conversation on the default skill with SDES and the first message at sequence 0', () => {
    const { account, consumer } = setup();
    const sdes = {
      authenticatedSdes: { customerInfo: { customerId: 'c-1' } },
      unauthenticatedSdes: { personalInfo: { name: 'Ada' } },
    };
    const { conversationId, consumerId } = consumer.open({
      text: 'hi',
      sdes,
      engagementId: 11,
      campaignId: 22,
      visitor: { visitorId: 'v-1' },
    });
    const conversation = account.conversations.require(conversationId);
    expect(conversation.channel).toBe('messaging');
    expect(conversation.consumerId).toBe(consumerId);
    expect(conversation.context).toEqual({
      engagementId: 11,
      campaignId: 22,
      sdes,
      visitor: { visitorId: 'v-1' },
    });
    const transcript = consumer.transcript(conversationId);
    expect(transcript).toMatchObject({
      conversationId,
      consumerId,
      state: 'OPEN',
      channel: 'messaging',
      skill: 'bot-skill',
      ttr: { ttrType: 'NORMAL', value: 3600 },
      participants: [{ id: consumerId, pid: consumerId, role: 'CONSUMER', kind: 'consumer' }],
    });
    expect(transcript.events).toEqual([
      {
        sequence: 0,
        at: '2026-01-01T00:00:00.000Z',
        from: 'consumer',
        type: 'ContentEvent',
        originatorId: consumerId,
        dialogId: conversationId,
        contentType: 'text/plain',
        message: 'hi',
        audience: 'ALL',
      },
    ]);
  });

  it('stores the first message before routing hears of the conversation', () => {
    const { account, consumer } = setup();
    const seen: number[] = [];
    account.conversations.on('change', (conversation) => {
      seen.push(conversation.dialogs[0]?.events.length ?? -1);
    });
    consumer.open({ text: 'hi' });
    expect(seen).toEqual([1]);
  });

  it('opens a chat on a named skill with a given consumer id, without a first message', () => {
    const { consumer } = setup();
    const consumerId = 'ab'.repeat(32);
    const opened = consumer.open({
      skill: 'human-skill',
      channel: 'chat',
      consumerId,
      sdes: { unauthenticatedSdes: { ctmrinfo: { cstatus: 'vip' } } },
    });
    expect(opened.consumerId).toBe(consumerId);
    const transcript = consumer.transcript(opened.conversationId);
    expect(transcript.channel).toBe('chat');
    expect(transcript.skill).toBe('human-skill');
    expect(transcript.events).toEqual([]);
  });

  it('rejects an unknown skill name with UNKNOWN_SKILL and names the known skills', () => {
    const { consumer } = setup();
    expect(() => consumer.open({ skill: 'Bot-Skill' })).toThrow(
      /no skill named "Bot-Skill"\. Use one of: "bot-skill", "human-skill"/,
    );
    expect(codeOf(() => consumer.open({ skill: 'billing' }))).toBe('UNKNOWN_SKILL');
  });

  it('rejects a missing skill, a bad consumer id and an empty first message', () => {
    const { account } = setup();
    const bare = new ConsumerSimulator(account);
    expect(codeOf(() => bare.open())).toBe('NO_SKILL');
    expect(codeOf(() => bare.open({ skill: 'bot-skill', consumerId: 'me' }))).toBe(
      'INVALID_CONSUMER_ID',
    );
    expect(codeOf(() => bare.open({ skill: 'bot-skill', text: '' }))).toBe('INVALID_EVENT');
    expect(account.conversations.conversations.size).toBe(0);
  });
});

describe('ConsumerSimulator sends', () => {
  it('shows text, rich content, a file, a read receipt and typing in order, with sequences', () => {
    const { account, clock, consumer } = setup();
    const bot = account.directory.addAgent({
      loginName: 'bot',
      skills: ['bot-skill'],
      isBot: true,
    });
    const { conversationId, consumerId } = consumer.open({ text: 'hi' });
    clock.advance(1000);
    join(account, conversationId, bot);
    clock.advance(1000);
    expect(say(account, conversationId, bot, 'Hello, how can I help?')).toBe(1);
    clock.advance(1000);
    expect(consumer.sendText(conversationId, 'my bill')).toBe(2);
    expect(consumer.sendRichContent(conversationId, location)).toBe(3);
    const file = { relativePath: '/v1/files/receipt.jpg', fileType: 'JPEG', caption: 'receipt' };
    expect(consumer.sendFile(conversationId, file)).toBe(4);
    expect(consumer.markRead(conversationId, [1])).toBe(5);
    consumer.typing(conversationId);
    consumer.typing(conversationId, 'PAUSE');

    const transcript = consumer.transcript(conversationId);
    expect(validate('control-transcript', transcript).issues).toEqual([]);
    expect(
      transcript.events.map((event) => [event.sequence, event.from, event.type, event.at]),
    ).toEqual([
      [0, 'consumer', 'ContentEvent', '2026-01-01T00:00:00.000Z'],
      [null, 'system', 'participant-added', '2026-01-01T00:00:01.000Z'],
      [1, 'bot', 'ContentEvent', '2026-01-01T00:00:02.000Z'],
      [2, 'consumer', 'ContentEvent', '2026-01-01T00:00:03.000Z'],
      [3, 'consumer', 'RichContentEvent', '2026-01-01T00:00:03.000Z'],
      [4, 'consumer', 'ContentEvent', '2026-01-01T00:00:03.000Z'],
      [5, 'consumer', 'AcceptStatusEvent', '2026-01-01T00:00:03.000Z'],
      [null, 'consumer', 'ChatStateEvent', '2026-01-01T00:00:03.000Z'],
      [null, 'consumer', 'ChatStateEvent', '2026-01-01T00:00:03.000Z'],
    ]);
    const [, added, reply, text, rich, shared, read, typing, pause] = transcript.events;
    expect(added?.detail).toEqual({ id: bot.oldId, role: 'ASSIGNED_AGENT' });
    expect(reply).toMatchObject({ originatorId: bot.oldId, message: 'Hello, how can I help?' });
    expect(text).toMatchObject({ originatorId: consumerId, message: 'my bill' });
    expect(rich).toMatchObject({ content: location, dialogId: conversationId });
    expect(shared).toMatchObject({ contentType: 'hosted/file', file });
    expect(read).toMatchObject({ status: 'READ', sequenceList: [1] });
    expect(typing).toEqual({
      sequence: null,
      at: '2026-01-01T00:00:03.000Z',
      from: 'consumer',
      type: 'ChatStateEvent',
      originatorId: consumerId,
      chatState: 'COMPOSING',
    });
    expect(pause?.chatState).toBe('PAUSE');
    expect(transcript.participants.map((participant) => participant.kind)).toEqual([
      'consumer',
      'bot',
    ]);
  });

  it('calls a human agent "agent" and shows private messages and metadata', () => {
    const { account, consumer } = setup();
    const human = account.directory.addAgent({ loginName: 'ann', skills: ['human-skill'] });
    const { conversationId } = consumer.open({ skill: 'human-skill', text: 'hi' });
    join(account, conversationId, human);
    account.conversations.publish(conversationId, {
      originator: { id: human.oldId, pid: human.pid, role: 'ASSIGNED_AGENT', state: 'ACTIVE' },
      event: { type: 'ContentEvent', contentType: 'text/plain', message: 'note to self' },
      messageAudience: 'AGENTS_AND_MANAGERS',
      metadata: [{ type: 'ExternalId', id: 'n-1' }],
    });
    const note = consumer.transcript(conversationId).events.at(-1);
    expect(note).toMatchObject({
      from: 'agent',
      audience: 'AGENTS_AND_MANAGERS',
      metadata: [{ type: 'ExternalId', id: 'n-1' }],
    });
  });

  it('rejects sends to an unknown conversation with CONVERSATION_NOT_FOUND', () => {
    const { consumer } = setup();
    expect(codeOf(() => consumer.sendText('nope', 'hi'))).toBe('CONVERSATION_NOT_FOUND');
    expect(codeOf(() => consumer.transcript('nope'))).toBe('CONVERSATION_NOT_FOUND');
  });

  it('rejects an empty text and a file without a path with INVALID_EVENT, storing nothing', () => {
    const { consumer } = setup();
    const { conversationId } = consumer.open({ text: 'hi' });
    expect(codeOf(() => consumer.sendText(conversationId, ''))).toBe('INVALID_EVENT');
    expect(
      codeOf(() => consumer.sendFile(conversationId, { relativePath: '', fileType: 'JPEG' })),
    ).toBe('INVALID_EVENT');
    expect(consumer.transcript(conversationId).events).toHaveLength(1);
  });
});

describe('ConsumerSimulator.close', () => {
  it('closes the conversation without a survey, and refuses anything after it with CONVERSATION_CLOSED', () => {
    const { consumer, clock } = setup();
    const { conversationId, consumerId } = consumer.open({ text: 'hi', survey: true });
    clock.advance(5000);
    consumer.close(conversationId);
    const transcript = consumer.transcript(conversationId);
    expect(transcript).toMatchObject({
      state: 'CLOSE',
      closeReason: 'CONSUMER',
      endedAt: '2026-01-01T00:00:05.000Z',
    });
    expect(transcript.events.at(-1)).toEqual({
      sequence: null,
      at: '2026-01-01T00:00:05.000Z',
      from: 'system',
      type: 'conversation-closed',
      detail: { closedBy: consumerId, reason: 'CONSUMER' },
    });
    expect(transcript.events.some((event) => event.type === 'dialog-opened')).toBe(false);
    expect(codeOf(() => consumer.sendText(conversationId, 'again'))).toBe('CONVERSATION_CLOSED');
    expect(codeOf(() => consumer.typing(conversationId))).toBe('CONVERSATION_CLOSED');
    expect(codeOf(() => consumer.close(conversationId))).toBe('CONVERSATION_CLOSED');
  });

  it('shows recorded platform errors', () => {
    const { account, consumer } = setup();
    const { conversationId } = consumer.open({ text: 'hi' });
    const record = account.conversations.recordError(
      account.conversations.require(conversationId),
      'com.liveperson.bot-connectors-worker.error.test',
      'why',
    );
    const transcript = consumer.transcript(conversationId);
    expect(transcript.errors).toEqual([
      {
        code: 'com.liveperson.bot-connectors-worker.error.test',
        errorId: record.errorId,
        at: '2026-01-01T00:00:00.000Z',
        detail: 'why',
      },
    ]);
    expect(transcript.events.at(-1)).toMatchObject({ from: 'system', type: 'escalated' });
  });

  it('hands out snapshots: changing a transcript does not change the mock', () => {
    const { consumer } = setup();
    const { conversationId } = consumer.open({ text: 'hi' });
    const first = consumer.transcript(conversationId);
    first.events.length = 0;
    first.ttr.value = 1;
    expect(consumer.transcript(conversationId).events).toHaveLength(1);
    expect(consumer.transcript(conversationId).ttr.value).toBe(3600);
  });
});

describe('ConsumerSimulator.waitFor', () => {
  it('resolves at once when the condition already holds', async () => {
    const { consumer } = setup();
    const { conversationId } = consumer.open({ text: 'hi' });
    const event = await consumer.waitForEvent(
      conversationId,
      (candidate) => candidate.from === 'consumer',
      'the first message',
    );
    expect(event.message).toBe('hi');
  });

  it('resolves on a later event with the matching transcript event', async () => {
    const { account, consumer } = setup();
    const bot = account.directory.addAgent({ loginName: 'bot', isBot: true });
    const { conversationId } = consumer.open({ text: 'hi' });
    const reply = consumer.waitForEvent(
      conversationId,
      (event) => event.from === 'bot' && event.type === 'ContentEvent',
      'a bot reply',
    );
    join(account, conversationId, bot);
    say(account, conversationId, bot, 'Welcome!');
    await expect(reply).resolves.toMatchObject({ sequence: 1, message: 'Welcome!' });
  });

  it('resolves on a chat state and on a state change', async () => {
    const { account, consumer } = setup();
    const { conversationId } = consumer.open({ text: 'hi' });
    const typing = consumer.waitForEvent(
      conversationId,
      (event) => event.type === 'ChatStateEvent',
      'typing',
    );
    const closed = consumer.waitForState(conversationId, 'CLOSE');
    consumer.typing(conversationId);
    await expect(typing).resolves.toMatchObject({ chatState: 'COMPOSING' });
    account.conversations.close(account.conversations.require(conversationId), 'x', 'AGENT');
    await expect(closed).resolves.toMatchObject({ state: 'CLOSE', closeReason: 'AGENT' });
  });

  it('times out with the description in the message and stops listening', async () => {
    const { account, consumer } = setup();
    const listeners = account.conversations.listenerCount('event');
    const wait = consumer.waitFor(() => false, {
      timeoutMs: 20,
      description: 'a reply that never comes',
    });
    expect(account.conversations.listenerCount('event')).toBe(listeners + 1);
    const error = await wait.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toBe(
      'Timed out after 20 ms waiting for a reply that never comes',
    );
    expect(account.conversations.listenerCount('event')).toBe(listeners);
  });

  it('rejects when the check throws, e.g. for an unknown conversation', async () => {
    const { consumer } = setup();
    await expect(
      consumer.waitForEvent('nope', () => true, 'anything', { timeoutMs: 1000 }),
    ).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
  });
});
