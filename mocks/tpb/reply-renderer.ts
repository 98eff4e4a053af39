import type { UMSMessagingEvent, UMSUpdateConversationFieldItem } from '../../schemas/index.ts';
import { sleep } from '../platform/clock.ts';
import {
  chatSendMessage,
  chatTransferSkillNotExisting,
  errorCodePrefix,
  faasFailedBotAction,
  messagingSendMessage,
  messagingTransferSkillNotExisting,
} from '../platform/error-codes.ts';
import type { BotContext } from './bot-context.ts';
import { mockCapacityNote } from './escalation.ts';
import type { NeutralAction, NeutralItem, NeutralReply } from './neutral-reply.ts';
import { UmsClientError } from './ums-client-error.ts';
import type { ConversationInfo } from './vendor.ts';

/** What rendering a reply did to the conversation. */
export type RenderOutcome =
  | { kind: 'continue' }
  /** The bot handed the conversation on (transfer or close): nothing more goes to the vendor. */
  | { kind: 'ended'; by: 'TRANSFER' | 'CLOSE_CONVERSATION' }
  | { kind: 'escalate'; code: string; detail: string };

/**
 * Plays a verified reply into the conversation over UMS (tpb-platform.md §4): the items in order,
 * then the action. Any failure stops the reply and asks for escalation with LivePerson's code.
 */
export async function renderReply(
  context: BotContext,
  conversation: ConversationInfo,
  reply: NeutralReply,
): Promise<RenderOutcome> {
  const chat = conversation.channel === 'chat';
  for (const item of reply.items) {
    try {
      await renderItem(context, conversation, item);
    } catch (error) {
      const mockTimedOut = error instanceof UmsClientError && error.code === 'UMS_REQUEST_TIMEOUT';
      return {
        kind: 'escalate',
        code: chat ? chatSendMessage : messagingSendMessage,
        detail: `${mockTimedOut ? `${mockCapacityNote} ` : ''}${(error as Error).message}`,
      };
    }
  }
  return reply.action ? applyAction(context, conversation, reply.action) : { kind: 'continue' };
}

async function publish(
  context: BotContext,
  conversation: ConversationInfo,
  event: UMSMessagingEvent,
  options: {
    metadata?: unknown[];
    encodedMetadata?: string;
    messageAudience?: 'AGENTS_AND_MANAGERS';
  } = {},
): Promise<void> {
  const { conversationId } = conversation;
  try {
    await context.ums.publishEvent(conversationId, event, options);
    context.log.add({
      kind: 'ums',
      conversationId,
      type: '.ams.ms.PublishEvent',
      body: { event, ...options },
    });
  } catch (error) {
    context.log.add({
      kind: 'ums',
      conversationId,
      type: '.ams.ms.PublishEvent',
      body: { event, ...options },
      error: (error as Error).message,
    });
    throw error;
  }
}

async function renderItem(
  context: BotContext,
  conversation: ConversationInfo,
  item: NeutralItem,
): Promise<void> {
  const envelope = (metadata?: unknown[], encodedMetadata?: string) => ({
    ...(metadata ? { metadata } : {}),
    ...(encodedMetadata !== undefined ? { encodedMetadata } : {}),
  });
  switch (item.kind) {
    case 'text':
      return publish(
        context,
        conversation,
        { type: 'ContentEvent', contentType: 'text/plain', message: item.text },
        envelope(item.metadata, item.encodedMetadata),
      );
    case 'private':
      return publish(
        context,
        conversation,
        { type: 'ContentEvent', contentType: 'text/plain', message: item.text },
        { messageAudience: 'AGENTS_AND_MANAGERS' },
      );
    case 'sc':
      return publish(
        context,
        conversation,
        { type: 'RichContentEvent', content: item.structuredContent },
        envelope(item.metadata, item.encodedMetadata),
      );
    case 'qr':
      return publish(
        context,
        conversation,
        {
          type: 'ContentEvent',
          contentType: 'text/plain',
          message: item.message,
          quickReplies: item.quickReplies,
        },
        envelope(item.metadata, item.encodedMetadata),
      );
    case 'delay':
      if (item.typing)
        await publish(context, conversation, { type: 'ChatStateEvent', chatState: 'COMPOSING' });
      await sleep(context.clock, item.seconds * 1000);
      if (item.typing)
        await publish(context, conversation, { type: 'ChatStateEvent', chatState: 'ACTIVE' });
      return;
  }
}

async function applyAction(
  context: BotContext,
  conversation: ConversationInfo,
  action: NeutralAction,
): Promise<RenderOutcome> {
  const { ums, log } = context;
  const { conversationId, channel } = conversation;
  const connector = `${errorCodePrefix}connector.${channel}`;
  const fields = async (
    items: UMSUpdateConversationFieldItem[],
    failure: string,
  ): Promise<RenderOutcome | undefined> => {
    try {
      await ums.updateConversationField(conversationId, items);
      log.add({
        kind: 'ums',
        conversationId,
        type: '.ams.cm.UpdateConversationField',
        body: items,
      });
      return undefined;
    } catch (error) {
      const detail = (error as Error).message;
      log.add({
        kind: 'ums',
        conversationId,
        type: '.ams.cm.UpdateConversationField',
        body: items,
        error: detail,
      });
      log.add({ kind: 'action', conversationId, action, outcome: 'failed', detail });
      return { kind: 'escalate', code: failure, detail };
    }
  };
  switch (action.name) {
    case 'TRANSFER': {
      // Without a skill (agentId only, variant D14) the conversation keeps its skill.
      const skillId =
        action.skill === undefined ? undefined : context.platform.skillId(action.skill);
      if (action.skill !== undefined && !skillId) {
        log.add({
          kind: 'action',
          conversationId,
          action,
          outcome: 'failed',
          detail: `no skill named "${action.skill}"`,
        });
        return {
          kind: 'escalate',
          code:
            channel === 'chat' ? chatTransferSkillNotExisting : messagingTransferSkillNotExisting,
          detail: `TRANSFER to skill "${action.skill}", which the account does not have (names are case-sensitive)`,
        };
      }
      const agent = action.agentId
        ? action.agentId.includes('.')
          ? action.agentId
          : `${ums.accountId}.${action.agentId}`
        : undefined;
      const failed = await fields(
        [
          {
            field: 'ParticipantsChange',
            type: 'REMOVE',
            role: 'ASSIGNED_AGENT',
            userId: ums.identity.oldId,
          },
          ...(agent
            ? [
                {
                  field: 'ParticipantsChange' as const,
                  type: 'SUGGEST' as const,
                  role: 'ASSIGNED_AGENT' as const,
                  userId: agent,
                },
              ]
            : []),
          ...(skillId
            ? [{ field: 'Skill' as const, type: 'UPDATE' as const, skill: skillId }]
            : []),
        ],
        `${connector}.transfer-to-skill`,
      );
      if (failed) return failed;
      log.add({ kind: 'action', conversationId, action, outcome: 'applied' });
      return { kind: 'ended', by: 'TRANSFER' };
    }
    case 'CLOSE_CONVERSATION': {
      const failed = await fields(
        action.withoutPcs
          ? [{ field: 'ConversationStateField', conversationState: 'CLOSE' }]
          : [
              {
                field: 'DialogChange',
                type: 'UPDATE',
                dialog: { dialogId: conversationId, state: 'CLOSE' },
              },
            ],
        `${connector}.end-conversation`,
      );
      if (failed) return failed;
      log.add({ kind: 'action', conversationId, action, outcome: 'applied' });
      return { kind: 'ended', by: 'CLOSE_CONVERSATION' };
    }
    case 'CHANGE_TTR': {
      if (channel === 'chat') {
        log.add({
          kind: 'action',
          conversationId,
          action,
          outcome: 'ignored',
          detail: 'CHANGE_TTR applies to messaging only',
        });
        return { kind: 'continue' };
      }
      const failed = await fields(
        [
          {
            field: 'TTRField',
            ttrType: action.ttrType,
            ...(action.value !== undefined ? { value: Number(action.value) } : {}),
          },
        ],
        `${errorCodePrefix}connector.messaging.change-ttr`,
      );
      if (failed) return failed;
      log.add({ kind: 'action', conversationId, action, outcome: 'applied' });
      return { kind: 'continue' };
    }
    case 'INVOKE': {
      const invoker = context.functions.get(action.lambdaUuid);
      const result = invoker
        ? await invoker.invoke({
            message: '',
            convId: conversationId,
            context: { lpEvent: { payload: action.payload ?? null } },
          })
        : {
            ok: false as const,
            code: faasFailedBotAction,
            detail: `no function ${action.lambdaUuid} is deployed`,
            exchanges: [],
          };
      for (const exchange of result.exchanges)
        log.add({ kind: 'vendor-call', conversationId, exchange });
      if (result.ok) {
        log.add({ kind: 'action', conversationId, action, outcome: 'applied' });
        return { kind: 'continue' };
      }
      log.add({ kind: 'action', conversationId, action, outcome: 'failed', detail: result.detail });
      // A failed invocation escalates only with failOnError (tpb-platform.md §2.2).
      return action.failOnError
        ? { kind: 'escalate', code: faasFailedBotAction, detail: result.detail }
        : { kind: 'continue' };
    }
  }
}
