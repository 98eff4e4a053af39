// Spec: ums.md §7 (requests the mock must handle) and §9 (UpdateConversationField): every request
// type gets its documented (or chosen) response type and has its side effect on the account.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../platform/account-directory.ts';
import type { Conversation } from '../platform/conversation.ts';
import { startUmsTestBed, type UmsTestBed } from './test-support/test-ums-bed.ts';
import type { TestUmsClient } from './test-support/test-ums-client.ts';

let bed: UmsTestBed;
let bot: Agent;
let client: TestUmsClient;

beforeEach(async () => {
  bed = await startUmsTestBed();
  bot = bed.addBot();
  client = await bed.connect(bot);
});

afterEach(async () => {
  expect(client.schemaIssues).toEqual([]);
  await bed.close();
});

/** Opens a conversation and makes the bot its assigned agent, without routing. */
function assignedConversation(): Conversation {
  const conversation = bed.openConversation();
  bed.account.conversations.addParticipant(conversation, {
    id: bot.oldId,
    pid: bot.pid,
    role: 'ASSIGNED_AGENT',
    state: 'ACTIVE',
  });
  return conversation;
}

describe('.GetClock', () => {
  it('answers 200 .GetClock$Response with the server clock', async () => {
    expect(await client.request('.GetClock')).toMatchObject({
      code: 200,
      type: '.GetClock$Response',
      body: { currentTime: bed.clock.now() },
    });
  });
});

describe('.ams.routing.SetAgentState', () => {
  it('answers 202 .ReqBody$StringResp and sets the availability', async () => {
    const response = await client.request('.ams.routing.SetAgentState', {
      availability: 'ONLINE',
      channels: ['MESSAGING'],
      agentUserId: bot.oldId,
    });
    expect(response).toMatchObject({
      code: 202,
      type: '.ReqBody$StringResp',
      body: 'Agent state updated successfully',
    });
    expect(bot.availability).toBe('ONLINE');
  });

  it('refuses to set the state of another agent with 403', async () => {
    const other = bed.addBot();
    const response = await client.request('.ams.routing.SetAgentState', {
      availability: 'ONLINE',
      agentUserId: other.oldId,
    });
    expect(response).toMatchObject({ code: 403, type: '.ReqBody$ErrorResp' });
    expect(other.availability).toBe('OFFLINE');
  });
});

describe('.ams.routing.SubscribeAgentsState', () => {
  it('answers {subscriptionId}, sends the state, and again on every change', async () => {
    const response = await client.request('.ams.routing.SubscribeAgentsState', {
      brandId: bed.accountId,
      agentId: bot.oldId,
    });
    expect(response).toMatchObject({ code: 200, type: '.ams.GenericSubscribe$Response' });
    const { subscriptionId } = response.body as { subscriptionId: string };
    expect(await client.notification('.ams.routing.AgentStateNotification')).toEqual({
      subscriptionId,
      changes: [
        {
          type: 'UPSERT',
          result: {
            agentUserId: bot.oldId,
            channels: ['MESSAGING'],
            availability: 'OFFLINE',
            description: '',
          },
        },
      ],
    });
    await client.request('.ams.routing.SetAgentState', { availability: 'AWAY' });
    expect(await client.notification('.ams.routing.AgentStateNotification')).toMatchObject({
      subscriptionId,
      changes: [{ result: { availability: 'AWAY' } }],
    });
  });

  it('answers 404 for an agent the account does not have', async () => {
    const response = await client.request('.ams.routing.SubscribeAgentsState', {
      agentId: `${bed.accountId}.42`,
    });
    expect(response).toMatchObject({ code: 404, type: '.ReqBody$ErrorResp' });
  });
});

describe('.ams.routing.SubscribeRoutingTasks', () => {
  it('answers .ams.GenericSubscribe$Response, then a notification with no changes; rings reach the socket', async () => {
    expect(bed.server.canReceiveRings(bed.accountId, bot)).toBe(false);
    const response = await client.request('.ams.routing.SubscribeRoutingTasks', {
      channelType: 'MESSAGING',
      agentId: bot.oldId,
      brandId: bed.accountId,
    });
    expect(response).toMatchObject({ code: 200, type: '.ams.GenericSubscribe$Response' });
    const { subscriptionId } = response.body as { subscriptionId: string };
    expect(await client.notification('.ams.routing.RoutingTaskNotification')).toEqual({
      subscriptionId,
      changes: [],
    });
    expect(bed.server.canReceiveRings(bed.accountId, bot)).toBe(true);
    expect(bed.server.canReceiveRings('999', bot)).toBe(false);
    await client.close();
    expect(bed.server.canReceiveRings(bed.accountId, bot)).toBe(false);
  });
});

describe('.ams.routing.UpdateRoutingTaskSubscription', () => {
  it('answers 200 .ReqBody$StringResp', async () => {
    expect(await client.request('.ams.routing.UpdateRoutingTaskSubscription', {})).toMatchObject({
      code: 200,
      type: '.ReqBody$StringResp',
    });
  });
});

describe('.ams.routing.UpdateRingState', () => {
  it('answers 404 for an unknown ring', async () => {
    const response = await client.request('.ams.routing.UpdateRingState', {
      ringId: 'nope',
      ringState: 'ACCEPTED',
    });
    expect(response).toMatchObject({ code: 404, type: '.ReqBody$ErrorResp' });
  });
});

describe('.ams.aam.SubscribeExConversations / UnsubscribeExConversations', () => {
  it('answers .ams.aam.SubscribeExConversations$Response, then the matching conversations', async () => {
    const mine = assignedConversation();
    bed.openConversation();
    const response = await client.request('.ams.aam.SubscribeExConversations', {
      convState: ['OPEN'],
      agentIds: [bot.oldId],
    });
    expect(response).toMatchObject({
      code: 200,
      type: '.ams.aam.SubscribeExConversations$Response',
    });
    const { subscriptionId } = response.body as { subscriptionId: string };
    const body = await client.notification<{ subscriptionId: string; changes: unknown[] }>(
      '.ams.aam.ExConversationChangeNotification',
    );
    expect(body).toMatchObject({
      subscriptionId,
      changes: [{ type: 'UPSERT', result: { convId: mine.id } }],
    });
    expect(body.changes).toHaveLength(1);
  });

  it('accepts the bot PId in agentIds as its old id', async () => {
    const mine = assignedConversation();
    await client.request('.ams.aam.SubscribeExConversations', {
      convState: ['OPEN'],
      agentIds: [bot.pid],
    });
    expect(await client.notification('.ams.aam.ExConversationChangeNotification')).toMatchObject({
      changes: [{ result: { convId: mine.id } }],
    });
  });

  it('filters by minLastUpdatedTime', async () => {
    assignedConversation();
    await client.request('.ams.aam.SubscribeExConversations', {
      convState: ['OPEN'],
      minLastUpdatedTime: bed.clock.now() + 1,
    });
    expect(await client.notification('.ams.aam.ExConversationChangeNotification')).toMatchObject({
      changes: [],
    });
  });

  it('unsubscribes: 200, no more notifications; an unknown id is 404', async () => {
    const subscribed = await client.request('.ams.aam.SubscribeExConversations', {
      convState: ['OPEN'],
    });
    const { subscriptionId } = subscribed.body as { subscriptionId: string };
    await client.notification('.ams.aam.ExConversationChangeNotification');
    const response = await client.request('.ams.aam.UnsubscribeExConversations', {
      subscriptionId,
    });
    expect(response).toMatchObject({ code: 200, type: '.ReqBody$StringResp' });
    bed.openConversation();
    await client.request('.GetClock');
    expect(client.pending('.ams.aam.ExConversationChangeNotification')).toEqual([]);
    expect(
      await client.request('.ams.aam.UnsubscribeExConversations', { subscriptionId }),
    ).toMatchObject({ code: 404, type: '.ReqBody$ErrorResp' });
  });
});

describe('.ams.cm.UpdateConversationField', () => {
  it('answers 200 .ReqBody$StringResp and applies the fields', async () => {
    const conversation = assignedConversation();
    const response = await client.request('.ams.cm.UpdateConversationField', {
      conversationId: conversation.id,
      conversationField: [{ field: 'TTRField', ttrType: 'URGENT' }],
    });
    expect(response).toMatchObject({ code: 200, type: '.ReqBody$StringResp', body: 'OK' });
    expect(conversation.ttr).toEqual({ ttrType: 'URGENT', value: 300 });
  });

  it('answers 403 when the bot is not a participant, 404 for an unknown conversation', async () => {
    const conversation = bed.openConversation();
    const close = [{ field: 'ConversationStateField', conversationState: 'CLOSE' }];
    expect(
      await client.request('.ams.cm.UpdateConversationField', {
        conversationId: conversation.id,
        conversationField: close,
      }),
    ).toMatchObject({ code: 403, type: '.ReqBody$ErrorResp' });
    expect(conversation.state).toBe('OPEN');
    expect(
      await client.request('.ams.cm.UpdateConversationField', {
        conversationId: 'nope',
        conversationField: close,
      }),
    ).toMatchObject({ code: 404, type: '.ReqBody$ErrorResp' });
  });

  it('answers 400 when the request removes an agent who is not there (all or nothing)', async () => {
    const conversation = assignedConversation();
    const response = await client.request('.ams.cm.UpdateConversationField', {
      conversationId: conversation.id,
      conversationField: [
        { field: 'TTRField', ttrType: 'URGENT' },
        { field: 'ParticipantsChange', type: 'REMOVE', role: 'MANAGER', userId: bot.oldId },
      ],
    });
    expect(response).toMatchObject({ code: 400, type: '.ReqBody$ErrorResp' });
    expect(conversation.ttr.ttrType).toBe('NORMAL');
  });
});

describe('.ams.cm.AgentRequestConversation', () => {
  it('opens a conversation with the bot as assigned agent', async () => {
    const origin = assignedConversation();
    const response = await client.request('.ams.cm.AgentRequestConversation', {
      channelType: 'MESSAGING',
      consumerId: origin.consumerId,
      conversationContext: { type: 'ProactiveContext', originConversationId: origin.id },
    });
    expect(response).toMatchObject({
      code: 200,
      type: '.ams.cm.AgentRequestConversation$Response',
    });
    const { conversationId } = response.body as { conversationId: string };
    const created = bed.account.conversations.require(conversationId);
    expect(created).toMatchObject({ consumerId: origin.consumerId, skillId: origin.skillId });
    expect(created.participants.map((p) => `${p.role} ${p.id}`)).toEqual([
      `CONSUMER ${origin.consumerId}`,
      `ASSIGNED_AGENT ${bot.oldId}`,
    ]);
    expect(bed.account.routing.tasks.has(conversationId)).toBe(false);
  });

  it('answers 400 for a consumerId that is not a consumer id', async () => {
    expect(
      await client.request('.ams.cm.AgentRequestConversation', { consumerId: 'bob' }),
    ).toMatchObject({ code: 400, type: '.ReqBody$ErrorResp' });
  });
});

describe('.ams.ms.PublishEvent', () => {
  it('answers .ams.ms.PublishEvent$Response {sequence} and stores the event with its metadata', async () => {
    const conversation = assignedConversation();
    const metadata = [{ type: 'ExternalId', id: 'card-1' }];
    const first = await client.request(
      '.ams.ms.PublishEvent',
      {
        dialogId: conversation.id,
        event: { type: 'RichContentEvent', message: { type: 'vertical', elements: [] } },
      },
      { headers: null, metadata },
    );
    expect(first).toMatchObject({
      code: 200,
      type: '.ams.ms.PublishEvent$Response',
      body: { sequence: 0 },
    });
    const second = await client.request('.ams.ms.PublishEvent', {
      dialogId: conversation.id,
      event: { type: 'ContentEvent', contentType: 'text/plain', message: 'psst' },
      messageAudience: 'AGENTS_AND_MANAGERS',
    });
    expect(second.body).toEqual({ sequence: 1 });
    const [stored, secret] = conversation.dialogs[0]?.events ?? [];
    expect(stored).toMatchObject({
      originatorId: bot.oldId,
      originatorPId: bot.pid,
      originatorMetadata: { id: bot.pid, role: 'ASSIGNED_AGENT' },
      event: { type: 'RichContentEvent', content: { type: 'vertical', elements: [] } },
      metadata,
    });
    expect(secret).toMatchObject({ messageAudience: 'AGENTS_AND_MANAGERS' });
  });

  it('answers a ChatStateEvent with sequence 0 and stores nothing', async () => {
    const conversation = assignedConversation();
    const response = await client.request('.ams.ms.PublishEvent', {
      dialogId: conversation.id,
      event: { type: 'ChatStateEvent', chatState: 'COMPOSING' },
    });
    expect(response.body).toEqual({ sequence: 0 });
    expect(conversation.dialogs[0]?.events).toEqual([]);
  });

  it('answers 404 for an unknown dialog', async () => {
    expect(
      await client.request('.ams.ms.PublishEvent', {
        dialogId: 'nope',
        event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hi' },
      }),
    ).toMatchObject({ code: 404, type: '.ReqBody$ErrorResp' });
  });
});

describe('.ams.ms.QueryMessages', () => {
  it('answers an empty array for a dialog without events', async () => {
    const conversation = bed.openConversation();
    expect(
      await client.request('.ams.ms.QueryMessages', {
        dialogId: conversation.id,
        newerThanSequence: 0,
      }),
    ).toMatchObject({ code: 200, type: '.ams.ms.QueryMessages$Response', body: [] });
  });

  it('answers the dialog events, the first query including sequence 0', async () => {
    const conversation = bed.openConversation();
    const consumer = conversation.participants[0];
    if (!consumer) throw new Error('the conversation has no consumer');
    for (const message of ['one', 'two', 'three']) {
      bed.account.conversations.publish(conversation.id, {
        originator: consumer,
        event: { type: 'ContentEvent', contentType: 'text/plain', message },
      });
    }
    const all = await client.request('.ams.ms.QueryMessages', {
      dialogId: conversation.id,
      newerThanSequence: 0,
    });
    expect((all.body as { sequence: number }[]).map((event) => event.sequence)).toEqual([0, 1, 2]);
    const newer = await client.request('.ams.ms.QueryMessages', {
      dialogId: conversation.id,
      fromSeq: 2,
      newerThanSequence: 2,
    });
    expect(newer.body).toMatchObject([{ sequence: 2, event: { message: 'three' } }]);
  });

  it('answers 404 for an unknown dialog', async () => {
    expect(await client.request('.ams.ms.QueryMessages', { dialogId: 'nope' })).toMatchObject({
      code: 404,
    });
  });
});

describe('.ams.userprofile.GetUserProfile', () => {
  it('answers an object for a bare consumer id string and for {userId}', async () => {
    const conversation = bed.openConversation();
    for (const body of [conversation.consumerId, { userId: conversation.consumerId }]) {
      expect(await client.request('.ams.userprofile.GetUserProfile', body)).toMatchObject({
        code: 200,
        type: '.ams.userprofile.GetUserProfile$Response',
        body: {},
      });
    }
  });

  it('answers {} for the caller itself and 404 for an unknown consumer', async () => {
    expect((await client.request('.ams.userprofile.GetUserProfile', {})).body).toEqual({});
    expect(
      await client.request('.ams.userprofile.GetUserProfile', 'no-such-consumer'),
    ).toMatchObject({ code: 404 });
  });

  it('answers the profile the userProfiles option supplies', async () => {
    const profiled = await startUmsTestBed({
      userProfiles: (_accountId, consumerId) =>
        consumerId === 'c-1'
          ? { firstName: 'Ada', privateData: { email: 'ada@example.com' } }
          : undefined,
    });
    try {
      const other = await profiled.connect(profiled.addBot());
      expect((await other.request('.ams.userprofile.GetUserProfile', 'c-1')).body).toEqual({
        firstName: 'Ada',
        privateData: { email: 'ada@example.com' },
      });
      expect(other.schemaIssues).toEqual([]);
    } finally {
      await profiled.close();
    }
  });
});

describe('file requests', () => {
  it('GenerateURLForUploadFile answers a relative path and signed query parameters', async () => {
    const response = await client.request('.ams.ms.GenerateURLForUploadFile', {
      fileSize: 5020,
      fileType: 'JPEG',
    });
    expect(response).toMatchObject({
      code: 200,
      type: '.ams.ms.GenerateURLForUploadFile$Response',
    });
    const body = response.body as {
      relativePath: string;
      queryParams: { temp_url_expires: number };
    };
    expect(body.relativePath).toMatch(
      new RegExp(`^/v1/AUTH_async-images/${bed.accountId}/.+\\.jpeg$`),
    );
    expect(body.queryParams.temp_url_expires).toBe(Math.floor(bed.clock.now() / 1000) + 300);
  });

  it('GenerateURLForUploadFile answers 400 for a size of 0', async () => {
    expect(
      await client.request('.ams.ms.GenerateURLForUploadFile', { fileSize: 0, fileType: 'PNG' }),
    ).toMatchObject({ code: 400 });
  });

  it('GenerateURLForDownloadFile signs the given path', async () => {
    const response = await client.request('.ams.ms.GenerateURLForDownloadFile', {
      relativePath: '/v1/AUTH_async-images/x/y.png',
    });
    expect(response).toMatchObject({
      code: 200,
      type: '.ams.ms.GenerateURLForDownloadFile$Response',
      body: { relativePath: '/v1/AUTH_async-images/x/y.png' },
    });
  });

  it('GenerateDownloadToken answers a token string', async () => {
    const response = await client.request('.ams.ms.token.GenerateDownloadToken', {});
    expect(response).toMatchObject({ code: 200, type: '.ReqBody$StringResp' });
    expect(response.body).toMatch(/^[0-9a-f]{48}$/);
  });
});
