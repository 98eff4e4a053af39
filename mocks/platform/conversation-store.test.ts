/** Conversations, dialogs and sequence numbers (ums.md §§7, 8.2–8.3). */
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import type { Conversation, Participant } from './conversation.ts';
import { ConversationStore } from './conversation-store.ts';

let clock: ManualClock;
let store: ConversationStore;
let conversation: Conversation;
let consumer: Participant;

const text = (message: string) => ({
  type: 'ContentEvent' as const,
  contentType: 'text/plain' as const,
  message,
});

beforeEach(() => {
  clock = new ManualClock();
  store = new ConversationStore('1', clock);
  conversation = store.open({ skillId: '1000001' });
  consumer = conversation.participants[0] as Participant;
});

describe('ConversationStore', () => {
  it('opens a conversation whose main dialog id is the conversation id', () => {
    expect(conversation.dialogs).toEqual([
      expect.objectContaining({ dialogId: conversation.id, dialogType: 'MAIN', state: 'OPEN' }),
    ]);
    expect(consumer).toEqual({
      id: conversation.consumerId,
      pid: conversation.consumerId,
      role: 'CONSUMER',
      state: 'ACTIVE',
    });
  });

  it('numbers events per dialog from 0 and stores them as UMS distributes them', () => {
    clock.advance(5);
    expect(store.publish(conversation.id, { originator: consumer, event: text('hi') })).toBe(0);
    expect(store.publish(conversation.id, { originator: consumer, event: text('there') })).toBe(1);
    expect(conversation.dialogs[0]?.events[1]).toEqual({
      sequence: 1,
      dialogId: conversation.id,
      conversationId: conversation.id,
      serverTimestamp: clock.now(),
      originatorId: consumer.id,
      originatorPId: consumer.pid,
      originatorMetadata: { id: consumer.pid, role: 'CONSUMER' },
      event: text('there'),
    });
  });

  it('distributes chat states with sequence 0 without storing them', () => {
    const heard: number[] = [];
    store.on('chat-state', (_conversation, event) => heard.push(event.sequence));
    expect(
      store.publish(conversation.id, {
        originator: consumer,
        event: { type: 'ChatStateEvent', chatState: 'COMPOSING' },
      }),
    ).toBe(0);
    expect(heard).toEqual([0]);
    expect(conversation.dialogs[0]?.events).toEqual([]);
    expect(conversation.log.at(-1)).toMatchObject({ kind: 'chat-state', chatState: 'COMPOSING' });
  });

  it('answers newerThanSequence 0 inclusively so that a joining agent sees the first message', () => {
    for (const message of ['a', 'b', 'c'])
      store.publish(conversation.id, { originator: consumer, event: text(message) });
    const dialog = conversation.dialogs[0];
    if (!dialog) throw new Error('no dialog');
    expect(store.query(dialog, { newerThanSequence: 0 }).map((e) => e.sequence)).toEqual([0, 1, 2]);
    expect(store.query(dialog, { newerThanSequence: 1 }).map((e) => e.sequence)).toEqual([2]);
    expect(store.query(dialog, { fromSeq: 1 }).map((e) => e.sequence)).toEqual([1, 2]);
  });

  it('refuses to publish into a closed conversation or an unknown dialog', () => {
    expect(() =>
      store.publish(conversation.id, { dialogId: 'nope', originator: consumer, event: text('x') }),
    ).toThrow(expect.objectContaining({ status: 400 }));
    store.close(conversation, consumer.id, 'CONSUMER');
    expect(() =>
      store.publish(conversation.id, { originator: consumer, event: text('x') }),
    ).toThrow(/closed/);
    expect(() => store.publish('missing', { originator: consumer, event: text('x') })).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it('emits one change for a batch of changes', () => {
    let changes = 0;
    store.on('change', () => {
      changes += 1;
    });
    store.batch(() => {
      store.setSkill(conversation, '2');
      store.setTtr(conversation, 'URGENT');
    });
    expect(changes).toBe(1);
  });
});
