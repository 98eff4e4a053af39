// Spec: tpb-platform.md §5 (a chat always starts with the welcome event; its reply must contain at
// least one consumer-visible message) and §10; custom-endpoint.md §6.2.

import {
  type Check,
  engineTarget,
  escalationEvidence,
  fail,
  HarnessError,
  isConsumerVisible,
  pass,
  publishedEvent,
  turnEvidence,
  turnsOf,
} from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { connectorSkipped, note, notStarted } from './conversation-turns.ts';

interface Miss {
  conversationId: string;
  what: string;
  evidence: Evidence[];
}

/**
 * FLOW-03: every chat conversation of the session starts with the welcome event; the candidate's
 * answer must put at least one text or rich-content message in front of the consumer, without
 * being escalated.
 */
export const flow03ChatWelcome: Check = {
  ruleId: 'FLOW-03',
  async run(context) {
    if (!engineTarget(context.target)) return connectorSkipped('FLOW-03');
    const session = await context.session();
    if (!session.started) return notStarted('FLOW-03', session);
    const chats = session.conversations.filter((conversation) => conversation.channel === 'chat');
    if (chats.length === 0) {
      throw new HarnessError('TPB_INTERNAL', 'FLOW-03: the session ran no chat conversation.');
    }
    const misses: Miss[] = [];
    for (const conversation of chats) {
      const { conversationId } = conversation;
      const turns = turnsOf(conversation.log);
      const welcome = turns.find((turn) => turn.event === 'welcome');
      const early = turns.find((turn) => turn.event === 'none' && turn.escalation);
      if (!welcome && early?.escalation) {
        // The bot was in Vendor Interruption: the chat was escalated before the welcome was sent.
        misses.push({
          conversationId,
          what: `the chat was error-escalated with ${early.escalation.code} before its welcome reached the candidate (${early.escalation.detail})`,
          evidence: [escalationEvidence(conversationId, early.escalation)],
        });
        continue;
      }
      if (!welcome) {
        throw new HarnessError(
          'TPB_INTERNAL',
          `FLOW-03: the engine sent no welcome event in chat conversation ${conversationId}.`,
        );
      }
      const visible = welcome.published.map(publishedEvent).filter(isConsumerVisible);
      if (welcome.escalation) {
        misses.push({
          conversationId,
          what: `the welcome was error-escalated with ${welcome.escalation.code} (${welcome.escalation.detail})`,
          evidence: [
            escalationEvidence(conversationId, welcome.escalation),
            ...turnEvidence(welcome),
          ],
        });
      } else if (visible.length === 0) {
        misses.push({
          conversationId,
          what: `the welcome reply showed the consumer nothing (items: ${JSON.stringify(welcome.verified?.items ?? [])})`,
          evidence: [
            ...turnEvidence(welcome),
            note(`reply as given: ${JSON.stringify(welcome.reply?.raw ?? null)}`),
          ],
        });
      }
    }
    if (misses.length > 0) {
      const first = misses[0] as Miss;
      return fail(
        `FLOW-03: expected the chat welcome event to be answered with at least one consumer-visible message, got ${misses.length} of ${chats.length} chats without one; in ${first.conversationId} ${first.what}. Answer the welcome (START) event with a text or structured-content message.`,
        {
          expected: 'a text or structured-content message for the consumer',
          actual: first.what,
          evidence: misses.flatMap((miss) => [
            note(`conversation ${miss.conversationId}: ${miss.what}`),
            ...miss.evidence,
          ]),
        },
      );
    }
    return pass(
      `FLOW-03: the welcome event of all ${chats.length} chat conversations was answered with at least one consumer-visible message.`,
    );
  },
};
