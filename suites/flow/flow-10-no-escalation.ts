// Spec: tpb-platform.md §2.3 (verification), §7 (escalation settings and sequence), §7.3
// (documented triggers), §8 (runtime error codes; the mock's Custom Endpoint codes).
import {
  botConfig,
  type Check,
  engineTarget,
  escalationEvidence,
  escalationSkill,
  fail,
  type LogEntryOf,
  pass,
  type Session,
  turnEvidence,
  turnsOf,
} from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { connectorSkipped, note, notStarted } from './conversation-turns.ts';

interface Escalated {
  conversationId: string;
  trigger: string;
  channel: string;
  entry: LogEntryOf<'escalation'>;
  /** How the platform recorded it: what is missing of the escalation sequence. */
  missing: string[];
  evidence: Evidence[];
}

/** Every escalation of the session, with what the platform recorded of it. */
function escalationsOf(
  session: Session,
  messages: { customer?: string; agent?: string },
): Escalated[] {
  const found: Escalated[] = [];
  for (const conversation of session.conversations) {
    const { conversationId, transcript } = conversation;
    for (const turn of turnsOf(conversation.log)) {
      const entry = turn.escalation;
      if (!entry) continue;
      const said = (text: string | undefined, audience: 'ALL' | 'AGENTS_AND_MANAGERS') =>
        text === undefined ||
        transcript.events.some(
          (event) =>
            event.from === 'bot' &&
            event.message === text &&
            (event.audience ?? 'ALL') === audience,
        );
      const missing = [
        ...(transcript.errors.some((error) => error.code === entry.code)
          ? []
          : ['the code on the conversation']),
        ...(said(messages.customer, 'ALL') ? [] : ['the transfer message to the customer']),
        ...(said(messages.agent, 'AGENTS_AND_MANAGERS')
          ? []
          : ['the transfer message to the agent']),
        ...(entry.transferred && transcript.skill === escalationSkill
          ? []
          : [`the transfer to the default escalation skill (now on "${transcript.skill}")`]),
      ];
      found.push({
        conversationId,
        trigger: conversation.trigger,
        channel: conversation.channel,
        entry,
        missing,
        evidence: [
          escalationEvidence(conversationId, entry),
          ...turnEvidence(turn),
          ...(turn.reply ? [note(`reply as given: ${JSON.stringify(turn.reply.raw)}`)] : []),
        ],
      });
    }
  }
  return found;
}

/**
 * FLOW-10: no turn of the session (declared utterances and sweep in messaging and chat, the chat
 * welcomes, consumer rich content and a file) may be error-escalated. Each escalation found is
 * reported with its code and with how the platform recorded it (code, customer and agent
 * messages, transfer to the default escalation skill).
 */
export const flow10NoEscalation: Check = {
  ruleId: 'FLOW-10',
  async run(context) {
    if (!engineTarget(context.target)) return connectorSkipped('FLOW-10');
    const session = await context.session();
    if (!session.started) return notStarted('FLOW-10', session);
    const { escalation } = botConfig(context);
    const escalations = escalationsOf(session, {
      ...(escalation.customerMessage ? { customer: escalation.customerMessage } : {}),
      ...(escalation.agentMessage ? { agent: escalation.agentMessage } : {}),
    });
    const turns = session.conversations.reduce(
      (count, conversation) =>
        count + turnsOf(conversation.log).filter((turn) => turn.event !== 'none').length,
      0,
    );
    if (escalations.length === 0) {
      return pass(
        `FLOW-10: none of ${turns} scripted turns in ${session.conversations.length} conversations was error-escalated.`,
      );
    }
    const byCode = new Map<string, Escalated[]>();
    for (const item of escalations) {
      byCode.set(item.entry.code, [...(byCode.get(item.entry.code) ?? []), item]);
    }
    const summary = [...byCode.entries()]
      .map(
        ([code, items]) =>
          `${code} ×${items.length} (${[...new Set(items.map((item) => `${item.trigger}/${item.channel}`))].join(', ')})`,
      )
      .join('; ');
    const first = escalations[0] as Escalated;
    const unrecorded = escalations.filter((item) => item.missing.length > 0);
    return fail(
      `FLOW-10: expected no scripted turn to be error-escalated, got ${escalations.length}: ${summary}. First: ${first.entry.detail}${unrecorded.length > 0 ? ` The platform's record lacks ${[...new Set(unrecorded.flatMap((item) => item.missing))].join(', ')} for ${unrecorded.length} of them.` : ' Each was recorded with its code, the customer and agent messages and the transfer to the escalation skill.'} Fix the replies named by the codes (see tpb-platform.md §8).`,
      {
        expected: 'no error escalation',
        actual: summary,
        evidence: escalations.flatMap((item) => [
          note(
            `conversation ${item.conversationId} (${item.trigger}, ${item.channel}): ${item.entry.code}; recorded: ${item.missing.length === 0 ? 'code, customer and agent messages, transfer to the escalation skill' : `missing ${item.missing.join(', ')}`}`,
          ),
          ...item.evidence,
        ]),
      },
    );
  },
};
