import type { BotContext } from './bot-context.ts';
import type { ConversationInfo } from './vendor.ts';

/**
 * How the detail of an escalation starts when the mock itself failed, not the bot: its own UMS did
 * not confirm a publish in time. The LIMIT rules report such events as not checked, never as the
 * bot's failure (decision 0015).
 */
export const mockCapacityNote =
  'The mock platform could not publish the reply in time (its own UMS was the bottleneck, not the bot):';

/**
 * Error escalation (tpb-platform.md §7.2): record the code on the conversation, tell the consumer,
 * brief the agent privately, transfer to the default escalation skill, and tell the consumer when
 * that transfer fails. The FaaS error hook is not implemented (no hook functions in the mock).
 */
export async function escalate(
  context: BotContext,
  conversation: ConversationInfo,
  code: string,
  detail: string,
): Promise<void> {
  const { ums, config, platform, log } = context;
  const conversationId = conversation.conversationId;
  const recorded = platform.recordError(conversationId, code, detail);
  const say = async (message: string | undefined, audience: 'ALL' | 'AGENTS_AND_MANAGERS') => {
    if (!message) return;
    const event = { type: 'ContentEvent' as const, contentType: 'text/plain' as const, message };
    try {
      await ums.publishEvent(
        conversationId,
        event,
        audience === 'ALL' ? {} : { messageAudience: audience },
      );
      log.add({
        kind: 'ums',
        conversationId,
        type: '.ams.ms.PublishEvent',
        body: { event, messageAudience: audience },
      });
    } catch (error) {
      log.add({
        kind: 'ums',
        conversationId,
        type: '.ams.ms.PublishEvent',
        body: { event },
        error: String((error as Error).message),
      });
    }
  };
  await say(config.escalation.customerMessage, 'ALL');
  await say(config.escalation.agentMessage, 'AGENTS_AND_MANAGERS');
  const skillId = platform.skillId(config.escalation.skill);
  let transferred = false;
  if (skillId) {
    const fields = [
      {
        field: 'ParticipantsChange' as const,
        type: 'REMOVE' as const,
        role: 'ASSIGNED_AGENT' as const,
        userId: ums.identity.oldId,
      },
      { field: 'Skill' as const, type: 'UPDATE' as const, skill: skillId },
    ];
    try {
      await ums.updateConversationField(conversationId, fields);
      transferred = true;
      log.add({
        kind: 'ums',
        conversationId,
        type: '.ams.cm.UpdateConversationField',
        body: fields,
      });
    } catch (error) {
      log.add({
        kind: 'ums',
        conversationId,
        type: '.ams.cm.UpdateConversationField',
        body: fields,
        error: String((error as Error).message),
      });
    }
  }
  if (!transferred) await say(config.escalation.failureMessage, 'ALL');
  log.add({
    kind: 'escalation',
    conversationId,
    code,
    ...(recorded ? { errorId: recorded.errorId } : {}),
    detail,
    transferred,
  });
}
