/**
 * CE-EVENT-04 and CE-EVENT-05: consumer rich content (messaging) and the welcome event `START`
 * get a valid, non-empty reply.
 *
 * @see docs/spec/custom-endpoint.md#61-request §6.1, §10 (D1)
 * @see docs/spec/tpb-platform.md#2-the-vendor-neutral-reply §2 (reply verification)
 */
import { type Check, fail, pass, passOrWarn, skipped } from '../../harness/index.ts';
import {
  answerOf,
  ceProbe,
  chatLpEvent,
  conversationBody,
  explainedByPut,
  judgeReply,
  messagingLpEvent,
  newConvId,
  plainSentence,
  richContentEvent,
  startEvent,
  textContent,
} from '../custom-endpoint-shared/index.ts';

/** CE-EVENT-04: a `RICH_CONTENT` event in messaging gets 200 with a valid, non-empty reply. */
export const richContentEventCheck: Check = {
  ruleId: 'CE-EVENT-04',
  async run(context) {
    const got = await ceProbe('CE-EVENT-04', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const convId = newConvId();
    const put = await probe.put(convId, conversationBody('MESSAGING'));
    const response = await probe.post(convId, richContentEvent(convId));
    if (explainedByPut(put, response)) {
      return skipped(
        `CE-EVENT-04: no conversation to send the RICH_CONTENT event to: the PUT answered ${answerOf(put)} and the event 404 (CE-CONV-01 reports it).`,
      );
    }
    const judged = judgeReply(response, { channel: 'messaging' });
    if (!judged.ok) {
      return fail(
        `CE-EVENT-04: expected a RICH_CONTENT event (a shared location, data.content) to answer 200 with a valid, non-empty reply, got ${judged.problem}. Handle consumer rich content in messaging: answer at least one message or an action.`,
        {
          expected: '200 with a valid, non-empty reply',
          actual: judged.problem,
          evidence: probe.evidence,
        },
      );
    }
    return passOrWarn(
      `CE-EVENT-04: the RICH_CONTENT event answered ${response.status} with a valid reply.`,
      judged.warnings,
      probe.evidence,
    );
  },
};

/** CE-EVENT-05: `START` gets 200 with a valid reply, with and without `lastConsumerMessage`. */
export const startEventCheck: Check = {
  ruleId: 'CE-EVENT-05',
  async run(context) {
    const got = await ceProbe('CE-EVENT-05', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const sentence = plainSentence(context.utterances);
    const cases = [
      {
        what: 'chat START (chat line, no lastConsumerMessage)',
        type: 'CHAT' as const,
        event: () => startEvent(chatLpEvent('', true)),
      },
      {
        what: `messaging START with lastConsumerMessage "${sentence}"`,
        type: 'MESSAGING' as const,
        event: (convId: string) =>
          startEvent(messagingLpEvent(convId, textContent(sentence)), sentence),
      },
      {
        what: 'messaging START without lastConsumerMessage',
        type: 'MESSAGING' as const,
        event: () => startEvent({}),
      },
    ];
    const problems: string[] = [];
    const warnings: string[] = [];
    let judged = 0;
    for (const { what, type, event } of cases) {
      const convId = newConvId();
      const put = await probe.put(convId, conversationBody(type));
      const response = await probe.post(convId, event(convId));
      if (explainedByPut(put, response)) continue;
      judged += 1;
      const result = judgeReply(response, { channel: type === 'CHAT' ? 'chat' : 'messaging' });
      if (!result.ok) problems.push(`${what}: ${result.problem}`);
      else warnings.push(...result.warnings.map((warning) => `${what}: ${warning}`));
    }
    if (judged === 0) {
      return skipped(
        'CE-EVENT-05: no conversation to send START to: every PUT failed and every START answered 404 (CE-CONV-01 reports it).',
      );
    }
    if (problems.length > 0) {
      return fail(
        `CE-EVENT-05: expected START to answer 200 with a valid reply, got ${problems.join('; ')}. Answer the welcome event like a message (e.g. a greeting); lastConsumerMessage may be present or not.`,
        {
          expected: '200 with a valid reply for each START',
          actual: problems.join('; '),
          evidence: probe.evidence,
        },
      );
    }
    const message = `CE-EVENT-05: ${judged} START events (chat, messaging with and without lastConsumerMessage) answered with a valid reply.`;
    return warnings.length > 0
      ? passOrWarn(message, warnings, probe.evidence)
      : pass(message, probe.evidence);
  },
};
