// Spec: tpb-platform.md §2.2 (CHANGE_TTR {ttrType: URGENT | NORMAL | PRIORITIZED; CUSTOM + value
// legacy}), §4 (TTRField), §10 (messaging only), §14.2 (CUSTOM accepted with a warning).

import {
  type Check,
  engineTarget,
  escalationEvidence,
  fail,
  HarnessError,
  passOrWarn,
  skipped,
  turnEvidence,
  turnsOf,
} from '../../harness/index.ts';
import { connectorSkipped, note, notStarted } from './conversation-turns.ts';

/**
 * FLOW-08: in messaging, the declared TTR utterance must be answered with a CHANGE_TTR that the
 * conversation then shows: its TTR type is the one the candidate asked for.
 */
export const flow08Ttr: Check = {
  ruleId: 'FLOW-08',
  async run(context) {
    if (!engineTarget(context.target)) return connectorSkipped('FLOW-08');
    const utterance = context.utterances.ttr;
    if (!utterance) {
      return skipped(
        'FLOW-08: no TTR utterance was declared (--utterance ttr=…), so there is no TTR change to check.',
      );
    }
    const session = await context.session();
    if (!session.started) return notStarted('FLOW-08', session);
    const conversation = session.conversations.find(
      (item) => item.trigger === 'ttr' && item.channel === 'messaging',
    );
    if (!conversation) {
      throw new HarnessError(
        'TPB_INTERNAL',
        'FLOW-08: the session said the TTR utterance in no messaging conversation.',
      );
    }
    const { conversationId, transcript } = conversation;
    const turns = turnsOf(conversation.log);
    const said = turns.find((turn) => turn.event === 'text');
    const escalated = turns.find((turn) => turn.escalation);
    const advice =
      'Answer with a CHANGE_TTR action whose ttrType is URGENT, NORMAL or PRIORITIZED (messaging only).';
    if (escalated?.escalation) {
      return fail(
        `FLOW-08: expected "${utterance}" to change the conversation's TTR, got an error escalation with ${escalated.escalation.code} (${escalated.escalation.detail}). ${advice}`,
        {
          expected: 'the TTR type the reply asked for',
          actual: `escalated with ${escalated.escalation.code}`,
          evidence: [
            escalationEvidence(conversationId, escalated.escalation),
            ...turnEvidence(escalated),
          ],
        },
      );
    }
    const change = turns
      .flatMap((turn) => turn.actions)
      .find((entry) => entry.action.name === 'CHANGE_TTR');
    if (change?.action.name !== 'CHANGE_TTR') {
      return fail(
        `FLOW-08: expected "${utterance}" to be answered with a CHANGE_TTR action in messaging, got a reply without one (${JSON.stringify(said?.reply?.raw ?? null)}). ${advice}`,
        {
          expected: 'a CHANGE_TTR action',
          actual: `actions: ${JSON.stringify(turns.flatMap((turn) => turn.actions.map((entry) => entry.action.name)))}`,
          evidence: said ? turnEvidence(said) : [],
        },
      );
    }
    const requested = change.action.ttrType;
    const evidence = [
      ...(said ? turnEvidence(said) : []),
      note(
        `CHANGE_TTR ${requested} (${change.outcome}); the conversation's TTR is now ${transcript.ttr.ttrType} (${transcript.ttr.value} s)`,
      ),
    ];
    if (change.outcome !== 'applied' || transcript.ttr.ttrType !== requested) {
      return fail(
        `FLOW-08: expected the conversation's TTR to become ${requested}, as the reply asked, got ${transcript.ttr.ttrType}${change.detail ? ` (${change.detail})` : ''}. ${advice}`,
        { expected: requested, actual: transcript.ttr.ttrType, evidence },
      );
    }
    return passOrWarn(
      `FLOW-08: "${utterance}" set the conversation's TTR to ${requested}.`,
      requested === 'CUSTOM'
        ? [
            'FLOW-08: ttrType CUSTOM (with a value) is a legacy variant whose support is not documented any more; prefer URGENT, NORMAL or PRIORITIZED.',
          ]
        : [],
      evidence,
    );
  },
};
