/**
 * UpdateConversationField as the mock applies it (ums.md §9): transfer to a skill and to an
 * agent, close with and without a survey, TTR, and the all-or-nothing rule.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { UMSUpdateConversationFieldItem } from '../../schemas/index.ts';
import type { Agent } from './account-directory.ts';
import { ManualClock } from './clock.ts';
import { assignedAgent, type Conversation } from './conversation.ts';
import { applyConversationFields } from './conversation-fields.ts';
import { createMockAccount, type MockAccount } from './mock-account.ts';
import type { Ring } from './routing.ts';

let account: MockAccount;
let bot: Agent;
let alice: Agent;
let bob: Agent;
let rings: Ring[];
let conversation: Conversation;

beforeEach(() => {
  account = createMockAccount({
    accountId: '1',
    clock: new ManualClock(),
    canReceiveRings: () => true,
  });
  bot = account.directory.addAgent({ loginName: 'bot', isBot: true, skills: ['bot'] });
  alice = account.directory.addAgent({ loginName: 'alice', skills: ['human'] });
  bob = account.directory.addAgent({ loginName: 'bob', skills: ['human'] });
  for (const agent of [bot, alice, bob]) agent.availability = 'ONLINE';
  rings = [];
  account.routing.on('ring', (_task, ring) => rings.push({ ...ring }));
  conversation = account.conversations.open({
    skillId: account.directory.skillByName('bot')?.id as string,
  });
  account.routing.updateRing(bot, rings[0]?.ringId as string, 'ACCEPTED');
  rings = [];
});

const apply = (items: UMSUpdateConversationFieldItem[], caller = bot) =>
  applyConversationFields(account.conversations, account.directory, conversation, caller, items);
const humanSkill = () => account.directory.skillByName('human')?.id as string;

describe('applyConversationFields', () => {
  it('transfers to a skill: the bot leaves, the skill changes, only an agent of that skill is rung', () => {
    const answer = apply([
      { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: bot.oldId },
      { field: 'Skill', type: 'UPDATE', skill: humanSkill() },
    ]);
    expect(answer).toBe('OK Agent removed successfully');
    expect(conversation.skillId).toBe(humanSkill());
    expect(assignedAgent(conversation)).toBeUndefined();
    expect(rings.map((ring) => ring.agentId)).toEqual([alice.oldId]);
  });

  it('transfers to an agent: SUGGESTED participant, and that agent is rung first', () => {
    apply([
      { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: bot.oldId },
      { field: 'ParticipantsChange', type: 'SUGGEST', role: 'ASSIGNED_AGENT', userId: bob.oldId },
      { field: 'Skill', type: 'UPDATE', skill: humanSkill() },
    ]);
    expect(conversation.participants).toContainEqual({
      id: bob.oldId,
      pid: bob.pid,
      role: 'ASSIGNED_AGENT',
      state: 'SUGGESTED',
    });
    expect(rings.map((ring) => ring.agentId)).toEqual([bob.oldId]);
    account.routing.updateRing(bob, rings[0]?.ringId as string, 'ACCEPTED');
    expect(assignedAgent(conversation)?.id).toBe(bob.oldId);
  });

  it('applies nothing when one item fails (removing an agent that is not there)', () => {
    expect(() =>
      apply([
        { field: 'Skill', type: 'UPDATE', skill: humanSkill() },
        {
          field: 'ParticipantsChange',
          type: 'REMOVE',
          role: 'ASSIGNED_AGENT',
          userId: alice.oldId,
        },
      ]),
    ).toThrow(expect.objectContaining({ status: 400 }));
    expect(conversation.skillId).not.toBe(humanSkill());
    expect(assignedAgent(conversation)?.id).toBe(bot.oldId);
  });

  it('refuses an agent that is not a participant with 403, but lets it join as MANAGER', () => {
    expect(() => apply([{ field: 'TTRField', ttrType: 'URGENT' }], alice)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    apply([{ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER' }], alice);
    expect(
      conversation.participants.some((p) => p.id === alice.oldId && p.role === 'MANAGER'),
    ).toBe(true);
  });

  it('refuses an unknown skill id with 400', () => {
    expect(() => apply([{ field: 'Skill', type: 'UPDATE', skill: '999' }])).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });

  it('closes the conversation with ConversationStateField, without a survey', () => {
    conversation.survey = true;
    apply([{ field: 'ConversationStateField', conversationState: 'CLOSE' }]);
    expect(conversation.state).toBe('CLOSE');
    expect(conversation.dialogs.map((dialog) => [dialog.dialogType, dialog.state])).toEqual([
      ['MAIN', 'CLOSE'],
    ]);
  });

  it('opens the post-conversation survey when DialogChange closes the main dialog', () => {
    conversation.survey = true;
    apply([
      {
        field: 'DialogChange',
        type: 'UPDATE',
        dialog: { dialogId: conversation.id, state: 'CLOSE' },
      },
    ]);
    expect(conversation.state).toBe('OPEN');
    expect(conversation.dialogs.map((dialog) => [dialog.dialogType, dialog.state])).toEqual([
      ['MAIN', 'CLOSE'],
      ['POST_SURVEY', 'OPEN'],
    ]);
  });

  it('closes the conversation when DialogChange closes the main dialog and there is no survey', () => {
    apply([
      {
        field: 'DialogChange',
        type: 'UPDATE',
        dialog: { dialogId: conversation.id, state: 'CLOSE' },
      },
    ]);
    expect(conversation.state).toBe('CLOSE');
    expect(() => apply([{ field: 'TTRField', ttrType: 'URGENT' }])).toThrow(/is closed/);
  });

  it('sets the TTR, and refuses CUSTOM without a value', () => {
    apply([{ field: 'TTRField', ttrType: 'URGENT' }]);
    expect(conversation.ttr).toEqual({ ttrType: 'URGENT', value: 300 });
    apply([{ field: 'TTRField', ttrType: 'CUSTOM', value: 42 }]);
    expect(conversation.ttr).toEqual({ ttrType: 'CUSTOM', value: 42 });
    expect(() => apply([{ field: 'TTRField', ttrType: 'CUSTOM' }])).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });
});
