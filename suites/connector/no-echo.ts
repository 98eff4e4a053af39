/**
 * UMS-08: the connector does not answer events it originated. UMS distributes every event to all
 * participants, the publisher included; a bot that does not compare `originatorId` with its own
 * PId (or its old id) answers itself forever. Two observations: the harness plays an event
 * originated by the bot's own participant back into one of its conversations (a sentence it
 * answers when the consumer says it), and it watches for runs of bot messages with no consumer
 * message between them (the harness closes such a conversation to end the loop).
 *
 * @see docs/spec/ums.md#82-messaging-events §8.2 (`originatorId`, `originatorPId`, `__isMe`)
 */
import { type Check, fail, pass, skipped } from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { connectorSession } from './connector-session.ts';
import { notConnected } from './not-ready.ts';
import { ms } from './ums-frames.ts';

export const noEchoCheck: Check = {
  ruleId: 'UMS-08',
  async run(context) {
    const session = connectorSession(context);
    const result = await session.conversations();
    if (!result.ready.opened || !result.ran) {
      return notConnected('UMS-08', session, result.ready, 'whether it answers its own events');
    }
    const expected = `no reply to events whose originator is the connector itself (PId ${session.agent.pid}, old id ${session.agent.oldId})`;
    const advice =
      'In ms.MessagingEventNotification skip changes whose originatorId equals agent.agentId (the SDK puts the PId there).';
    const runaway = result.conversations.find((conversation) => conversation.runaway);
    if (runaway?.runaway) {
      const transcript = context.cloud.consumer.transcript(runaway.conversationId);
      const bot = transcript.events.filter((event) => event.originatorId === session.agent.oldId);
      const actual = `${runaway.runaway.botEvents} bot messages in a row in conversation ${runaway.conversationId} with no consumer message between them (an echo loop; the harness closed the conversation)`;
      const evidence: Evidence[] = [
        {
          kind: 'note',
          text: `The first bot messages of conversation ${runaway.conversationId}:\n${bot
            .slice(0, 8)
            .map((event) => `${event.at} ${event.type} ${event.message ?? ''}`)
            .join('\n')}`,
        },
      ];
      return fail(`UMS-08: expected ${expected}, got ${actual}. ${advice}`, {
        expected,
        actual,
        evidence,
      });
    }
    const probe = result.probe;
    if (!probe) {
      return skipped(
        'UMS-08: no conversation stayed with the connector long enough to play its own event back to it (it answered no consumer text; see UMS-06).',
      );
    }
    if (probe.answers.length > 0) {
      const answer = probe.answers[0];
      const actual = `a ${answer?.type} (${answer?.message !== undefined ? `"${answer.message}"` : 'structured content'}) ${answer ? ms(Date.parse(answer.at) - probe.at) : ''} after the harness played back "${probe.text}" as an event of the bot's own participant in conversation ${probe.conversationId}`;
      return fail(`UMS-08: expected ${expected}, got ${actual}. ${advice}`, {
        expected,
        actual,
        evidence: [
          {
            kind: 'note',
            text: `Played back at ${new Date(probe.at).toISOString()} with sequence ${probe.sequence}: ContentEvent "${probe.text}" with originatorId ${session.agent.oldId} and originatorPId ${session.agent.pid}. The bot answered:\n${probe.answers
              .slice(0, 5)
              .map((event) => `${event.at} ${event.type} ${event.message ?? ''}`)
              .join('\n')}`,
          },
        ],
      });
    }
    return pass(
      `UMS-08: the connector let its own event ("${probe.text}", originator ${session.agent.pid}) pass unanswered for ${ms(session.timings.quietMs)} and never published messages in a loop.`,
    );
  },
};
