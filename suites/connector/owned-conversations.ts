/**
 * UMS-05: the connector publishes only into conversations where it is an active participant. The
 * mock answers any other PublishEvent with 403 (and an unknown dialog with 404); the harness also
 * leaves a decoy conversation on another skill, which a connector that answers every conversation
 * it can see would publish into.
 *
 * @see docs/spec/ums.md#9-updateconversationfield §9 (caller must be a participant), §10 (403)
 */
import { type Check, fail, pass } from '../../harness/index.ts';
import { connectorSession, conversationOf } from './connector-session.ts';
import { notConnected } from './not-ready.ts';
import { entriesEvidence, isRequest, umsTypes } from './ums-frames.ts';

export const ownedConversationsCheck: Check = {
  ruleId: 'UMS-05',
  async run(context) {
    const session = connectorSession(context);
    const result = await session.conversations();
    if (!result.ready.opened) {
      return notConnected('UMS-05', session, result.ready, 'where it publishes');
    }
    const { recorder } = session;
    const publishes = recorder.entries.filter((entry) => isRequest(entry, umsTypes.publishEvent));
    const refused = publishes.filter((entry) => {
      const code = recorder.responseTo(entry)?.code;
      return code === 403 || code === 404;
    });
    if (refused.length > 0) {
      const first = refused[0];
      const conversationId = first ? conversationOf(first) : undefined;
      const code = first ? recorder.responseTo(first)?.code : undefined;
      const decoy = result.conversations.find((c) => c.purpose === 'decoy')?.conversationId;
      const actual = `${refused.length} PublishEvent request(s) refused with 403/404, the first into ${conversationId ?? 'an unknown dialog'}${conversationId === decoy ? ' (a conversation on another skill it was never assigned)' : ''}, answered ${code}`;
      const frames = refused.slice(0, 4).flatMap((entry) => {
        const response = recorder.responseTo(entry);
        return response ? [entry, response] : [entry];
      });
      return fail(
        `UMS-05: expected PublishEvent only into conversations where the connector is an active participant, got ${actual}. Publish only into conversations where your agent (agent.agentId) is in participants with an active role, and stop once it was removed.`,
        {
          expected: 'no PublishEvent answered 403 (not a participant) or 404 (unknown dialog)',
          actual,
          evidence: entriesEvidence(frames),
        },
      );
    }
    return pass(
      `UMS-05: all ${publishes.length} PublishEvent request(s) of the connector went into conversations it took part in; it left the decoy conversation on skill ${session.decoySkill.name} alone.`,
    );
  },
};
