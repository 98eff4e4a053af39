import type { Participant } from '../../mocks/index.ts';
import type { RunContext } from '../runner/run-context.ts';

/** The skill a human agent serves before handing the conversation to the bot (FLOW-04). */
export const agentSkillName = 'tpb-conformance-human-desk';
const agentLoginName = 'tpb-conformance-human-agent';

/** What the human agent says before the transfer. */
export const agentHandoverText = 'Let me hand you over to our assistant.';

/**
 * Opens a messaging conversation on a skill the bot does not serve, lets a human agent join and
 * speak, and then transfers it to the bot's skill, as an agent's transfer does: the bot receives
 * a conversation "transferred in" (its history holds a non-consumer event). The agent acts on the
 * conversation store, as the mock UMS does for an agent's requests; it never logs in, so routing
 * never rings it.
 */
export function transferIn(
  context: RunContext,
  botSkill: string,
  consumerText: string | undefined,
): string {
  const { directory, conversations } = context.cloud.account;
  const desk = directory.addSkill(agentSkillName);
  const target = directory.addSkill(botSkill);
  const agent =
    directory.agentByLoginName(agentLoginName) ??
    directory.addAgent({ loginName: agentLoginName, skills: [desk.name] });
  const { conversationId } = context.cloud.consumer.open({
    skill: desk.name,
    channel: 'messaging',
    ...(consumerText !== undefined ? { text: consumerText } : {}),
  });
  const conversation = conversations.require(conversationId);
  const participant: Participant = {
    id: agent.oldId,
    pid: agent.pid,
    role: 'ASSIGNED_AGENT',
    state: 'ACTIVE',
  };
  conversations.addParticipant(conversation, participant);
  conversations.publish(conversationId, {
    originator: participant,
    event: { type: 'ContentEvent', contentType: 'text/plain', message: agentHandoverText },
  });
  conversations.batch(() => {
    conversations.removeParticipant(conversation, agent.oldId, 'ASSIGNED_AGENT');
    conversations.setSkill(conversation, target.id);
  });
  return conversationId;
}
