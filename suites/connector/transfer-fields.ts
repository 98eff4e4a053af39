/**
 * UMS-09: a transfer is one UpdateConversationField with an array `conversationField`: to a skill
 * `[ParticipantsChange REMOVE ASSIGNED_AGENT, Skill UPDATE <skillId>]`; to an agent additionally
 * `ParticipantsChange SUGGEST ASSIGNED_AGENT` with the agent's `{accountId}.{userId}`. Judged on
 * the conversation where the consumer said the declared transfer utterance.
 *
 * @see docs/spec/ums.md#9-updateconversationfield §9 (documented bot patterns)
 */
import { type Check, fail, pass, skipped } from '../../harness/index.ts';
import { connectorSession } from './connector-session.ts';
import {
  describeItems,
  type FieldRequest,
  fieldRequests,
  removesAssignedAgent,
  suggestsAgent,
  updatesSkill,
} from './conversation-field-requests.ts';
import { notConnected } from './not-ready.ts';
import { entriesEvidence, ms } from './ums-frames.ts';

export const transferFieldsCheck: Check = {
  ruleId: 'UMS-09',
  async run(context) {
    const utterance = context.utterances.transfer;
    if (!utterance) {
      return skipped(
        'UMS-09: no transfer utterance was declared (--utterance transfer=…), so no transfer was asked for.',
      );
    }
    const session = connectorSession(context);
    const result = await session.conversations();
    if (!result.ready.opened || !result.ran) {
      return notConnected('UMS-09', session, result.ready, 'a transfer');
    }
    const accountId = context.cloud.account.accountId;
    const expected = `one UpdateConversationField [ParticipantsChange REMOVE ASSIGNED_AGENT, Skill UPDATE "<skillId>"] (plus ParticipantsChange SUGGEST ASSIGNED_AGENT "${accountId}.<userId>" to an agent), answered with success`;
    const advice = `On the transfer utterance call updateConversationField({conversationId, conversationField: [{field: "ParticipantsChange", type: "REMOVE", role: "ASSIGNED_AGENT"}, {field: "Skill", type: "UPDATE", skill: TPB_TRANSFER_SKILL_ID}]}).`;
    const conversation = result.conversations.find((c) => c.purpose === 'transfer');
    if (!conversation?.action) {
      const actual = conversation
        ? `the connector never took the transfer conversation ${conversation.conversationId}, so "${utterance}" could not be sent`
        : 'the transfer conversation did not run';
      return fail(`UMS-09: expected ${expected}, got ${actual}. ${advice}`, {
        expected,
        actual,
        evidence: session.outputEvidence(),
      });
    }
    const requests = fieldRequests(
      session.recorder,
      conversation.conversationId,
      conversation.action.sentAt,
    );
    const evidence = () =>
      entriesEvidence(
        requests.flatMap((request) => {
          const response = session.recorder.responseTo(request.entry);
          return response ? [request.entry, response] : [request.entry];
        }),
      );
    const complete = requests.find(
      (request) => request.items?.some(removesAssignedAgent) && request.items.some(updatesSkill),
    );
    const problem = complete ? problemOf(complete, accountId) : undefined;
    if (!complete || problem) {
      const actual = complete
        ? problem
        : requests.length === 0
          ? `no UpdateConversationField within ${ms(session.timings.replyWithinMs)} after "${utterance}"`
          : requests.length > 1 &&
              requests.some((r) => r.items?.some(removesAssignedAgent)) &&
              requests.some((r) => r.items?.some(updatesSkill))
            ? `the transfer split over ${requests.length} requests: ${requests.map(describeItems).join(' then ')}`
            : `${requests.map(describeItems).join(' then ')}`;
      return fail(`UMS-09: expected ${expected}, got ${actual}. ${advice}`, {
        expected,
        actual: actual as string,
        evidence: evidence(),
      });
    }
    const kind = complete.items?.some(suggestsAgent) ? 'an agent' : 'a skill';
    return pass(
      `UMS-09: the connector transferred conversation ${conversation.conversationId} to ${kind} with one UpdateConversationField ${describeItems(complete)}, ${ms(complete.entry.at - conversation.action.sentAt)} after "${utterance}".`,
      evidence(),
    );
  },
};

/** What is wrong with a request that has both transfer items. */
function problemOf(request: FieldRequest, accountId: string): string | undefined {
  const items = request.items ?? [];
  const skill = items.find(updatesSkill)?.skill;
  if (typeof skill !== 'string' || !/^\d+$/.test(skill)) {
    return `Skill UPDATE with skill ${JSON.stringify(skill)}: expected the skill id as a string of digits (not its name)`;
  }
  const suggest = items.find(suggestsAgent);
  if (suggest) {
    const userId = suggest.userId;
    if (suggest.role !== 'ASSIGNED_AGENT') {
      return `ParticipantsChange SUGGEST with role ${JSON.stringify(suggest.role)}: expected ASSIGNED_AGENT`;
    }
    if (typeof userId !== 'string' || !userId.startsWith(`${accountId}.`)) {
      return `ParticipantsChange SUGGEST with userId ${JSON.stringify(userId)}: expected "${accountId}.<userId>"`;
    }
  }
  if (request.code === undefined || request.code >= 300) {
    return `${describeItems(request)} answered ${request.code ?? 'nothing'} by the mock`;
  }
  return undefined;
}
