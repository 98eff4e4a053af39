// Spec: tpb-platform.md §2.2 (TRANSFER {skill, agentId?}) and §4 (the bot is removed as assigned
// agent and the skill updated; with an agent, that agent is suggested), §10 (chat and messaging).
import {
  type Check,
  engineTarget,
  escalationEvidence,
  fail,
  pass,
  skipped,
  turnEvidence,
  turnsOf,
} from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { connectorSkipped, note, notStarted } from './conversation-turns.ts';

/**
 * FLOW-06: the session said the declared transfer utterance in messaging and in chat; each time
 * the candidate's TRANSFER must move the conversation to a declared skill (and suggest the agent
 * it named), the bot must leave the conversation, and nothing may be escalated.
 */
export const flow06Transfer: Check = {
  ruleId: 'FLOW-06',
  async run(context) {
    if (!engineTarget(context.target)) return connectorSkipped('FLOW-06');
    if (!context.utterances.transfer) {
      return skipped(
        'FLOW-06: no transfer utterance was declared (--utterance transfer=…), so there is no transfer to check.',
      );
    }
    if (context.skills.length === 0 && context.agents.length === 0) {
      return skipped(
        'FLOW-06: no transfer skill (--skill NAME) or agent (--agent ID) was declared, so the mock account has nothing to transfer to.',
      );
    }
    const session = await context.session();
    if (!session.started) return notStarted('FLOW-06', session);
    const conversations = session.conversations.filter((item) => item.trigger === 'transfer');
    const problems: Array<{ what: string; evidence: Evidence[] }> = [];
    const evidence: Evidence[] = [];
    for (const conversation of conversations) {
      const { conversationId, channel, transcript } = conversation;
      const turns = turnsOf(conversation.log);
      const escalated = turns.find((turn) => turn.escalation);
      const transfer = turns
        .flatMap((turn) => turn.actions)
        .find((entry) => entry.action.name === 'TRANSFER');
      const said = turns.find((turn) => turn.event === 'text') ?? turns.at(-1);
      const where = `${channel} conversation ${conversationId}`;
      if (escalated?.escalation) {
        problems.push({
          what: `in ${where} the transfer was error-escalated with ${escalated.escalation.code} (${escalated.escalation.detail})`,
          evidence: [
            escalationEvidence(conversationId, escalated.escalation),
            ...turnEvidence(escalated),
          ],
        });
        continue;
      }
      if (transfer?.action.name !== 'TRANSFER') {
        problems.push({
          what: `in ${where} the reply to "${context.utterances.transfer}" held no TRANSFER action (reply: ${JSON.stringify(said?.reply?.raw ?? null)})`,
          evidence: said ? turnEvidence(said) : [],
        });
        continue;
      }
      const { skill, agentId } = transfer.action;
      const botStillAssigned = transcript.participants.some(
        (participant) => participant.kind === 'bot' && participant.role === 'ASSIGNED_AGENT',
      );
      const agentOk =
        !agentId ||
        transcript.participants.some(
          (participant) =>
            participant.role === 'ASSIGNED_AGENT' &&
            (participant.id === agentId || participant.id.endsWith(`.${agentId}`)),
        );
      const wrong: string[] = [];
      if (skill === undefined) {
        // agentId only (variant D14): the conversation keeps its skill and goes to that agent.
        if (!context.agents.includes(agentId ?? ''))
          wrong.push(
            `TRANSFER named agent ${agentId} only, which is not a declared agent (${context.agents.join(', ') || 'none'}; declare it with --agent ID)`,
          );
      } else if (!context.skills.includes(transcript.skill))
        wrong.push(
          `the conversation is on skill "${transcript.skill}" (TRANSFER named "${skill}"), not a declared skill (${context.skills.join(', ')})`,
        );
      if (botStillAssigned) wrong.push('the bot is still its assigned agent');
      if (!agentOk) wrong.push(`agent ${agentId} was not suggested`);
      if (wrong.length > 0) {
        problems.push({
          what: `in ${where} ${wrong.join('; ')}`,
          evidence: [
            note(
              `participants: ${JSON.stringify(transcript.participants.map((p) => `${p.kind}:${p.role}:${p.state}`))}`,
            ),
          ],
        });
        continue;
      }
      evidence.push(
        note(
          `${where}: TRANSFER to ${skill === undefined ? 'the agent only' : `"${skill}"`}${agentId ? ` (agent ${agentId})` : ''}; now on skill "${transcript.skill}", the bot left`,
        ),
      );
    }
    if (problems.length > 0) {
      return fail(
        `FLOW-06: expected "${context.utterances.transfer}" to move the conversation to a declared skill and take the bot out of it, got ${problems.length} of ${conversations.length}: ${problems.map((problem) => problem.what).join('; ')}. Answer with one TRANSFER action naming a declared skill exactly (names are case-sensitive) and no other action.`,
        {
          expected: `the conversation on one of ${context.skills.join(', ')}, the bot no longer assigned, no escalation`,
          actual: problems.map((problem) => problem.what).join('; '),
          evidence: problems.flatMap((problem) => problem.evidence),
        },
      );
    }
    return pass(
      `FLOW-06: "${context.utterances.transfer}" moved ${conversations.length} conversations (messaging and chat) to a declared skill and the bot left them.`,
      evidence,
    );
  },
};
