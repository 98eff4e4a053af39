/**
 * UMS-06: every consumer text in a conversation the connector owns gets at least one PublishEvent
 * (a text or structured content) within the reply timeout (30 s, or --timeout-ms). Utterances that
 * ask for a field change (ttr, delay, invoke-function) are answered by any PublishEvent or
 * UpdateConversationField; the transfer and close utterances are judged by UMS-09 and UMS-10.
 *
 * @see docs/rules.md UMS-06
 */
import { type Check, fail, pass } from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { type ConsumerTurn, connectorSession, conversationOf } from './connector-session.ts';
import { notConnected } from './not-ready.ts';
import { entriesEvidence, ms } from './ums-frames.ts';

export const replyInTimeCheck: Check = {
  ruleId: 'UMS-06',
  async run(context) {
    const session = connectorSession(context);
    const result = await session.conversations();
    if (!result.ready.opened || !result.ran) {
      return notConnected('UMS-06', session, result.ready, 'its replies');
    }
    const window = ms(session.timings.replyWithinMs);
    const scripted = result.conversations.filter((c) => c.purpose !== 'decoy');
    const turns = scripted.flatMap((conversation) =>
      conversation.turns.filter((turn) => turn.needsReply),
    );
    const missed = turns.filter((turn) => !turn.reply);
    if (missed.length > 0) {
      const first = missed[0] as ConsumerTurn;
      const conversation = scripted.find((c) => c.conversationId === first.conversationId);
      const actual = conversation?.joinedAt
        ? `no PublishEvent answering "${first.text}" (${first.key}) in conversation ${first.conversationId} within ${window}`
        : `the connector never became the assigned agent of conversation ${first.conversationId}, so "${first.text}" was never answered`;
      const frames = session.recorder.entries.filter(
        (entry) =>
          entry.direction === 'received' &&
          entry.event === 'frame' &&
          conversationOf(entry) === first.conversationId,
      );
      const transcript = context.cloud.consumer.transcript(first.conversationId);
      const evidence: Evidence[] = [
        {
          kind: 'note',
          text: `Conversation ${first.conversationId} as the consumer saw it:\n${transcript.events
            .map(
              (event) =>
                `${event.at} ${event.from} ${event.type}${event.message !== undefined ? ` "${event.message}"` : ''}${result.probe?.conversationId === first.conversationId && event.sequence === result.probe.sequence ? " (played back by the harness as the bot's own event, see UMS-08)" : ''}`,
            )
            .join('\n')}`,
        },
        ...entriesEvidence(frames),
        ...session.outputEvidence(),
      ];
      return fail(
        `UMS-06: expected every consumer text to be answered with a PublishEvent within ${window}, got ${actual} (${missed.length} of ${turns.length} texts unanswered). Answer each ms.MessagingEventNotification ContentEvent from the consumer with agent.publishEvent({dialogId, event}).`,
        { expected: `a PublishEvent within ${window} after each consumer text`, actual, evidence },
      );
    }
    const slowest = Math.max(...turns.map((turn) => (turn.reply?.at ?? turn.sentAt) - turn.sentAt));
    return pass(
      `UMS-06: the connector answered all ${turns.length} consumer texts, the slowest in ${ms(Math.max(0, slowest))} (bound ${window}).`,
    );
  },
};
