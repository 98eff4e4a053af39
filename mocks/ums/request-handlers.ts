import { randomBytes, randomUUID } from 'node:crypto';
import type {
  SchemaTypes,
  UMSGetUserProfileResponseBody,
  UMSMessagingEvent,
  UMSRequestFrame,
} from '../../schemas/index.ts';
import type { Agent } from '../platform/account-directory.ts';
import type { Clock } from '../platform/clock.ts';
import type { StoredEvent } from '../platform/conversation.ts';
import { applyConversationFields } from '../platform/conversation-fields.ts';
import type { MockAccount } from '../platform/mock-account.ts';
import type { AccountHub } from './account-hub.ts';
import { ExConversationSubscription } from './ex-conversation-subscription.ts';
import type { UmsRequestType, umsRequestTypes } from './request-types.ts';
import type { UmsConnection } from './ums-connection.ts';
import { UmsRequestError, umsErrorCodes } from './ums-request-error.ts';

/**
 * A consumer's profile for GetUserProfile, supplied by whoever knows consumers (the consumer
 * simulator); undefined falls back to `{}` for a consumer of the account.
 */
export type UserProfileLookup = (
  accountId: string,
  consumerId: string,
) => UMSGetUserProfileResponseBody | undefined;

/** What a handler works with: the socket, its agent and account, and the request itself. */
export interface HandlerContext {
  connection: UmsConnection;
  account: MockAccount;
  agent: Agent;
  hub: AccountHub;
  clock: Clock;
  request: UMSRequestFrame;
  userProfiles: UserProfileLookup | undefined;
}

export interface HandlerResult {
  /** Success code; default 200. */
  code?: number;
  body: unknown;
}

type BodyOf<T extends UmsRequestType> = SchemaTypes[(typeof umsRequestTypes)[T]['bodySchema']];

/** Handles one request whose body already matched its schema; throws for an error answer. */
export type RequestHandler<T extends UmsRequestType> = (
  context: HandlerContext,
  body: BodyOf<T>,
) => HandlerResult;

const consumerIdPattern =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{64})$/i;

/** The request handlers, one per request type of ums.md §7. */
export const requestHandlers: { [T in UmsRequestType]: RequestHandler<T> } = {
  '.GetClock': ({ clock }) => ({ body: { currentTime: clock.now() } }),

  '.ams.routing.SetAgentState': ({ account, agent, hub }, body) => {
    if (body.agentUserId !== undefined) requireSelf(account, agent, body.agentUserId);
    agent.availability = body.availability;
    hub.agentStateChanged(agent);
    // An agent that comes ONLINE may take conversations that are waiting.
    account.routing.offerAll();
    return { code: 202, body: 'Agent state updated successfully' };
  },

  '.ams.routing.SubscribeAgentsState': ({ account, agent, hub, connection }, body) => {
    requireBrand(account, body.brandId);
    const watched = body.agentId === undefined ? agent : account.directory.agentById(body.agentId);
    if (!watched) {
      throw new UmsRequestError(
        404,
        umsErrorCodes.notFound,
        `Agent ${body.agentId} is not a user of account ${account.accountId}.`,
      );
    }
    const subscriptionId = randomUUID();
    hub.addAgentStateSubscription(connection, subscriptionId, watched);
    return { body: { subscriptionId } };
  },

  '.ams.routing.SubscribeRoutingTasks': ({ account, agent, hub, connection }, body) => {
    requireBrand(account, body.brandId);
    if (body.agentId !== undefined) requireSelf(account, agent, body.agentId);
    const subscriptionId = randomUUID();
    hub.startRoutingSubscription(connection, subscriptionId);
    // The agent can take rings now.
    account.routing.offerAll();
    return { body: { subscriptionId } };
  },

  '.ams.routing.UpdateRoutingTaskSubscription': () => ({
    body: 'Routing task subscription updated successfully',
  }),

  '.ams.routing.UpdateRingState': ({ account, agent }, body) => {
    account.routing.updateRing(agent, body.ringId, body.ringState);
    return { code: 202, body: 'Ring state updated successfully' };
  },

  '.ams.aam.SubscribeExConversations': ({ account, hub, connection }, body) => {
    const agentIds = body.agentIds?.map((id) => account.directory.agentById(id)?.oldId ?? id);
    const subscription = new ExConversationSubscription(randomUUID(), {
      convStates: new Set(body.convState),
      agentIds: agentIds ? new Set(agentIds) : undefined,
      minLastUpdatedTime: body.minLastUpdatedTime,
    });
    hub.addExSubscription(connection, subscription);
    return { body: { subscriptionId: subscription.subscriptionId } };
  },

  '.ams.aam.UnsubscribeExConversations': ({ hub, connection }, body) => {
    if (!hub.removeExSubscription(connection, body.subscriptionId)) {
      throw new UmsRequestError(
        404,
        umsErrorCodes.notFound,
        `Subscription ${body.subscriptionId} is not an ExConversation subscription of this socket.`,
      );
    }
    return { body: 'Subscription removed successfully' };
  },

  '.ams.cm.UpdateConversationField': ({ account, agent }, body) => {
    const conversation = account.conversations.require(body.conversationId);
    const answer = applyConversationFields(
      account.conversations,
      account.directory,
      conversation,
      agent,
      body.conversationField,
    );
    return { body: answer };
  },

  '.ams.cm.AgentRequestConversation': ({ account, agent }, body) => {
    if (!consumerIdPattern.test(body.consumerId)) {
      throw new UmsRequestError(
        400,
        umsErrorCodes.invalidBody,
        `consumerId "${body.consumerId}" is not a consumer id: expected a UUID or a 64-character hex hash.`,
      );
    }
    const originId = body.conversationContext?.originConversationId;
    const origin = originId === undefined ? undefined : account.conversations.require(originId);
    const store = account.conversations;
    const conversation = store.batch(() => {
      const opened = store.open({
        consumerId: body.consumerId,
        skillId: origin?.skillId ?? agent.skillIds[0] ?? '-1',
        ...(origin ? { context: origin.context } : {}),
      });
      // Proactive: the requesting agent owns it from the start, so routing never rings it.
      store.addParticipant(opened, {
        id: agent.oldId,
        pid: agent.pid,
        role: 'ASSIGNED_AGENT',
        state: 'ACTIVE',
      });
      return opened;
    });
    return { body: { conversationId: conversation.id } };
  },

  '.ams.ms.PublishEvent': ({ account, agent, hub, request }, body) => {
    const found = hub.dialog(body.dialogId);
    if (!found || (body.conversationId && body.conversationId !== found.conversation.id)) {
      throw new UmsRequestError(
        404,
        umsErrorCodes.notFound,
        `Dialog ${body.dialogId} not found${body.conversationId ? ` in conversation ${body.conversationId}` : ''}.`,
      );
    }
    const { conversation, dialog } = found;
    const originator = conversation.participants.find(
      (participant) => participant.id === agent.oldId && participant.state === 'ACTIVE',
    );
    if (!originator) {
      // Rule UMS-05: only active participants publish.
      throw new UmsRequestError(
        403,
        umsErrorCodes.forbidden,
        `${agent.oldId} is not an active participant of conversation ${conversation.id}; join it (ring or ParticipantsChange ADD) before publishing.`,
      );
    }
    const metadata = requestMetadata(request);
    const sequence = account.conversations.publish(conversation.id, {
      dialogId: dialog.dialogId,
      originator,
      event: normalizeEvent(body.event),
      ...(metadata ? { metadata } : {}),
      ...(body.messageAudience ? { messageAudience: body.messageAudience } : {}),
    });
    return { body: { sequence } };
  },

  '.ams.ms.QueryMessages': ({ account, hub }, body) => {
    const found = hub.dialog(body.dialogId);
    if (!found) {
      throw new UmsRequestError(404, umsErrorCodes.notFound, `Dialog ${body.dialogId} not found.`);
    }
    const events = account.conversations.query(found.dialog, {
      ...(body.fromSeq !== undefined ? { fromSeq: body.fromSeq } : {}),
      ...(body.newerThanSequence !== undefined
        ? { newerThanSequence: body.newerThanSequence }
        : {}),
    });
    return { body: [...events] };
  },

  '.ams.userprofile.GetUserProfile': ({ account, hub, userProfiles }, body) => {
    const consumerId = typeof body === 'string' ? body : body.userId;
    // `{}` asks for the caller's own profile: an agent has no consumer profile to show.
    if (consumerId === undefined) return { body: {} };
    const profile = userProfiles?.(account.accountId, consumerId);
    if (profile) return { body: profile };
    if (!hub.knowsConsumer(consumerId)) {
      throw new UmsRequestError(
        404,
        umsErrorCodes.notFound,
        `No profile for user ${consumerId}: no such consumer in account ${account.accountId}.`,
      );
    }
    return { body: {} };
  },

  '.ams.ms.GenerateURLForUploadFile': ({ account, clock }, body) => {
    if (body.fileSize <= 0) {
      throw new UmsRequestError(
        400,
        umsErrorCodes.invalidBody,
        `fileSize ${body.fileSize} must be a positive number of bytes.`,
      );
    }
    const extension = body.fileType.toLowerCase().replace(/[^a-z0-9]/g, '') || 'bin';
    const relativePath = `/v1/AUTH_async-images/${account.accountId}/${randomUUID()}.${extension}`;
    return { body: signedUrl(relativePath, clock) };
  },

  '.ams.ms.GenerateURLForDownloadFile': ({ clock }, body) => ({
    body: signedUrl(body.relativePath, clock),
  }),

  '.ams.ms.token.GenerateDownloadToken': () => ({ body: randomBytes(24).toString('hex') }),
};

/** A temporary-URL signature valid for 5 minutes. */
function signedUrl(relativePath: string, clock: Clock) {
  return {
    relativePath,
    queryParams: {
      temp_url_sig: randomBytes(20).toString('hex'),
      temp_url_expires: Math.floor(clock.now() / 1000) + 300,
    },
  };
}

/** A request that names an agent must name the caller (by old id, user id or PId). */
function requireSelf(account: MockAccount, agent: Agent, named: string): void {
  if (account.directory.agentById(named) !== agent) {
    throw new UmsRequestError(
      403,
      umsErrorCodes.forbidden,
      `The request names agent ${named}, but this socket belongs to ${agent.oldId}.`,
    );
  }
}

function requireBrand(account: MockAccount, brandId: string | number | undefined): void {
  if (brandId !== undefined && String(brandId) !== account.accountId) {
    throw new UmsRequestError(
      403,
      umsErrorCodes.forbidden,
      `brandId ${brandId} is not this socket's account ${account.accountId}.`,
    );
  }
}

/** The envelope `metadata` as an array (a single object is an accepted variant; null is none). */
function requestMetadata(request: UMSRequestFrame): StoredEvent['metadata'] {
  const { metadata } = request;
  if (metadata === undefined || metadata === null) return undefined;
  return Array.isArray(metadata) ? metadata : [metadata];
}

/** A RichContentEvent may carry its content as `message` (accepted); the mock emits `content`. */
function normalizeEvent(event: UMSMessagingEvent): UMSMessagingEvent {
  if (event.type !== 'RichContentEvent' || event.content !== undefined) return event;
  const { message, ...rest } = event;
  return message === undefined ? event : { ...rest, content: message };
}
