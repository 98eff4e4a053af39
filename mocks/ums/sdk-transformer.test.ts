// Spec: ums.md §8 (notifications "with every field node-agent-sdk's transforms need"): the frames
// the mock really sent go through node-agent-sdk 1.2.0's own Transformer without a TransformError,
// and the bot ends up with participants as [{id: PId, role}] with its own PId.
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Agent } from '../platform/account-directory.ts';
import type { Conversation } from '../platform/conversation.ts';
import { startUmsTestBed, type UmsTestBed } from './test-support/test-ums-bed.ts';
import type { TestUmsClient } from './test-support/test-ums-client.ts';

interface SdkMessage {
  kind?: string;
  type: string;
  body: unknown;
  reqId?: string;
}
type Transform = (msg: SdkMessage, agent: FakeSdkAgent) => SdkMessage;
interface FakeSdkAgent {
  __oldAgentId: string;
  agentId: string;
  accountId: string;
  emit: ReturnType<typeof vi.fn>;
  _handleNotification: ReturnType<typeof vi.fn>;
}

const require = createRequire(import.meta.url);
const Transformer = require('node-agent-sdk/lib/Transformer.js') as Record<string, Transform>;

let bed: UmsTestBed;
let bot: Agent;
let client: TestUmsClient;
let conversation: Conversation;
let sdkAgent: FakeSdkAgent;

/** Every frame the mock sent of a type, parsed from the traffic log, as the SDK would get it. */
function sentFrames(type: string): SdkMessage[] {
  return bed.server.traffic.entries
    .filter((entry) => entry.direction === 'sent' && entry.type === type && entry.text)
    .map((entry) => JSON.parse(entry.text as string) as SdkMessage);
}

function transform(msg: SdkMessage): SdkMessage {
  const run = Transformer[msg.type];
  if (!run) throw new Error(`node-agent-sdk has no transform for ${msg.type}`);
  return run(msg, sdkAgent);
}

beforeEach(async () => {
  bed = await startUmsTestBed();
  bot = bed.addBot();
  sdkAgent = {
    __oldAgentId: bot.oldId,
    agentId: bot.pid,
    accountId: bed.accountId,
    emit: vi.fn(),
    _handleNotification: vi.fn(),
  };
  client = await bed.connect(bot);
  await client.request('.ams.routing.SetAgentState', { availability: 'ONLINE' });
  await client.request('.ams.routing.SubscribeRoutingTasks', {});
  await client.request('.ams.routing.SubscribeAgentsState', {});
  await client.request('.ams.aam.SubscribeExConversations', {
    convState: ['OPEN'],
    agentIds: [bot.oldId],
  });
  conversation = bed.openConversation();
  const ring = await client.notification<{
    changes: { result: { ringsDetails: { ringId: string; ringState: string }[] } }[];
  }>('.ams.routing.RoutingTaskNotification', (body) => body.changes.length > 0);
  await client.request('.ams.routing.UpdateRingState', {
    ringId: ring.changes[0]?.result.ringsDetails[0]?.ringId,
    ringState: 'ACCEPTED',
  });
  bed.account.conversations.publish(conversation.id, {
    originator: conversation.participants[0] as Conversation['participants'][number],
    event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hello' },
  });
  await client.request('.ams.ms.PublishEvent', {
    dialogId: conversation.id,
    event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hi, how can I help?' },
  });
});

afterEach(async () => {
  expect(client.schemaIssues).toEqual([]);
  await bed.close();
});

describe('node-agent-sdk Transformer on the mock notifications', () => {
  it('ExConversationChangeNotification: participants become [{id: PId, role}], my role is found', async () => {
    await client.notification(
      '.ams.aam.ExConversationChangeNotification',
      (body: { changes: unknown[] }) => body.changes.length > 0,
    );
    const frames = sentFrames('.ams.aam.ExConversationChangeNotification');
    const assigned = frames.map(transform).find((msg) => {
      const changes = (msg.body as { changes: unknown[] }).changes;
      return changes.length > 0;
    });
    expect(assigned?.type).toBe('cqm.ExConversationChangeNotification');
    const body = assigned?.body as {
      changes: { result: { conversationDetails: Record<string, unknown> } }[];
    };
    const details = body.changes[0]?.result.conversationDetails ?? {};
    expect(details.participants).toEqual([
      { id: conversation.consumerId, role: 'CONSUMER' },
      { id: bot.pid, role: 'ASSIGNED_AGENT' },
    ]);
    expect(details.__myRole).toBe('ASSIGNED_AGENT');
    expect(details.participantsPId).toBeUndefined();
    const dialogs = details.dialogs as { participantsDetails: unknown[] }[];
    expect(dialogs[0]?.participantsDetails).toEqual([
      { id: conversation.consumerId, role: 'CONSUMER', state: 'ACTIVE' },
      { id: bot.pid, role: 'ASSIGNED_AGENT', state: 'ACTIVE' },
    ]);
  });

  it('ExConversation UPSERT + DELETE of a transfer to an agent (SUGGESTED) transform without a warning', async () => {
    const human = bed.account.directory.addAgent({ loginName: 'human', skills: ['human'] });
    await client.request('.ams.cm.UpdateConversationField', {
      conversationId: conversation.id,
      conversationField: [
        { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: bot.oldId },
        {
          field: 'ParticipantsChange',
          type: 'SUGGEST',
          role: 'ASSIGNED_AGENT',
          userId: human.oldId,
        },
        { field: 'Skill', type: 'UPDATE', skill: bed.account.directory.addSkill('human').id },
      ],
    });
    const last = sentFrames('.ams.aam.ExConversationChangeNotification').at(-1) as SdkMessage;
    const transformed = transform(last).body as { changes: { type: string; result: object }[] };
    expect(transformed.changes.map((change) => change.type)).toEqual(['UPSERT', 'DELETE']);
    expect(transformed.changes[0]?.result).toMatchObject({
      conversationDetails: { participants: [{ id: conversation.consumerId, role: 'CONSUMER' }] },
    });
  });

  it('RoutingTaskNotification becomes routing.RoutingTaskNotification with ringsDetails', () => {
    const frames = sentFrames('.ams.routing.RoutingTaskNotification');
    expect(frames.length).toBeGreaterThanOrEqual(3);
    const transformed = frames.map(transform);
    expect(transformed.map((msg) => msg.type)).toEqual(
      frames.map(() => 'routing.RoutingTaskNotification'),
    );
    expect(transformed[1]?.body).toMatchObject({
      changes: [{ type: 'UPSERT', result: { ringsDetails: [{ ringState: 'WAITING' }] } }],
    });
  });

  it('OnlineEventDistribution becomes ms.MessagingEventNotification with PIds and __isMe', () => {
    const [fromConsumer, fromBot] = sentFrames('.ams.ms.OnlineEventDistribution').map(transform);
    expect(fromConsumer).toMatchObject({
      type: 'ms.MessagingEventNotification',
      body: {
        dialogId: conversation.id,
        changes: [{ originatorId: conversation.consumerId, __isMe: false, sequence: 0 }],
      },
    });
    expect(fromBot?.body).toMatchObject({
      changes: [{ originatorId: bot.pid, __isMe: true, sequence: 1 }],
    });
  });

  it('QueryMessages$Response is re-emitted as one ms.MessagingEventNotification', async () => {
    await client.request('.ams.ms.QueryMessages', {
      dialogId: conversation.id,
      newerThanSequence: 0,
    });
    const [response] = sentFrames('.ams.ms.QueryMessages$Response');
    transform(response as SdkMessage);
    expect(sdkAgent._handleNotification).toHaveBeenCalledWith({
      kind: 'notification',
      type: 'ms.MessagingEventNotification',
      body: {
        dialogId: conversation.id,
        changes: [
          expect.objectContaining({ sequence: 0, originatorId: conversation.consumerId }),
          expect.objectContaining({ sequence: 1, originatorId: bot.pid, __isMe: true }),
        ],
      },
    });
  });

  it('AgentStateNotification and GetUserProfile$Response transform', async () => {
    const [state] = sentFrames('.ams.routing.AgentStateNotification').map(transform);
    expect(state).toMatchObject({
      type: 'routing.AgentStateNotification',
      body: { changes: [{ result: { availability: 'ONLINE' } }] },
    });
    await client.request('.ams.userprofile.GetUserProfile', conversation.consumerId);
    const [profile] = sentFrames('.ams.userprofile.GetUserProfile$Response').map(transform);
    expect(profile?.body).toEqual([]);
  });

  afterEach(() => {
    expect(sdkAgent.emit).not.toHaveBeenCalled();
  });
});
