// Spec: tpb-platform.md §6 (consumer rich content in messaging and files reach the bot: a Custom
// Endpoint gets RICH_CONTENT with data.content, or a TEXT with the send-file identifier; a
// function gets the send-rich-content / send-file identifier in `message`).

import {
  type Check,
  type EngineTarget,
  engineTarget,
  escalationEvidence,
  fail,
  HarnessError,
  pass,
  turnEvidence,
  turnsOf,
} from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { connectorSkipped, note, notStarted } from './conversation-turns.ts';

const triggers = {
  'rich-content': 'consumer rich content (a shared location)',
  file: 'a consumer file',
} as const;

/** How each kind the engine calls is told of consumer content, as advice. */
const contentHint: Record<EngineTarget['kind'], string> = {
  'custom-endpoint':
    'Answer a RICH_CONTENT event and a TEXT event carrying com.liveperson.bot-connectors.consumer.send-file with 200 and a reply (e.g. a fallback message).',
  faas: 'Answer the com.liveperson.bot-connectors.consumer.send-rich-content and …send-file identifiers (e.g. with a fallback message).',
};

/**
 * FLOW-05: the session's consumer rich content (messaging) and consumer file must each get a
 * reply the engine accepts, without error escalation.
 */
export const flow05ConsumerContent: Check = {
  ruleId: 'FLOW-05',
  async run(context) {
    const target = engineTarget(context.target);
    if (!target) return connectorSkipped('FLOW-05');
    const session = await context.session();
    if (!session.started) return notStarted('FLOW-05', session);
    const problems: Array<{ what: string; evidence: Evidence[] }> = [];
    const evidence: Evidence[] = [];
    for (const [trigger, label] of Object.entries(triggers)) {
      const conversation = session.conversations.find((item) => item.trigger === trigger);
      if (!conversation) {
        throw new HarnessError('TPB_INTERNAL', `FLOW-05: the session sent no ${label}.`);
      }
      const { conversationId } = conversation;
      const turns = turnsOf(conversation.log);
      const turn = turns.find((item) => item.event === trigger) ?? turns[0];
      if (turn?.escalation) {
        problems.push({
          what: `${label} was error-escalated with ${turn.escalation.code} (${turn.escalation.detail})`,
          evidence: [
            escalationEvidence(conversationId, turn.escalation),
            ...turnEvidence(turn),
            ...(turn.reply ? [note(`reply as given: ${JSON.stringify(turn.reply.raw)}`)] : []),
          ],
        });
      } else if (!turn?.reply?.ok) {
        problems.push({
          what: `${label} got no reply the engine could use`,
          evidence: turn ? turnEvidence(turn) : [],
        });
      } else {
        evidence.push(...turnEvidence(turn));
      }
    }
    if (problems.length > 0) {
      const hint = contentHint[target.kind];
      return fail(
        `FLOW-05: expected consumer rich content and files to be answered without error escalation, got: ${problems.map((problem) => problem.what).join('; ')}. ${hint}`,
        {
          expected: 'a reply to each, without error escalation',
          actual: problems.map((problem) => problem.what).join('; '),
          evidence: problems.flatMap((problem) => problem.evidence),
        },
      );
    }
    return pass(
      `FLOW-05: consumer rich content (messaging) and a consumer file were both answered without error escalation.`,
      evidence,
    );
  },
};
