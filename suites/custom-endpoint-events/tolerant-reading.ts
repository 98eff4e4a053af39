/**
 * CE-EVENT-07: unknown keys in the body and in `context.lpEvent`, the chat lpEvent shape, and
 * presence or absence of `source` (D4) do not change a 200 outcome.
 *
 * @see docs/spec/custom-endpoint.md#61-request §6.1, §6.2, §10 (D4)
 */
import { type Check, fail, passOrWarn, skipped } from '../../harness/index.ts';
import {
  answerOf,
  type ConversationType,
  ceProbe,
  chatLpEvent,
  conversationBody,
  exampleVisitor,
  explainedByPut,
  isSuccess,
  messagingLpEvent,
  newConvId,
  plainSentence,
  successCodeWarning,
  textContent,
  textEvent,
} from '../custom-endpoint-shared/index.ts';

/** A body variant: which conversation type it needs and how it is built. */
interface Variant {
  what: string;
  type: ConversationType;
  body: (convId: string, sentence: string) => unknown;
}

const withoutSource = (body: Record<string, unknown>) => {
  const { source: _source, ...rest } = body;
  return rest;
};

export const tolerantVariants: readonly Variant[] = [
  {
    what: 'messaging TEXT without source',
    type: 'MESSAGING',
    body: (convId, sentence) =>
      withoutSource({ ...textEvent(sentence, messagingLpEvent(convId, textContent(sentence))) }),
  },
  {
    what: 'messaging TEXT with unknown keys in the body and in context',
    type: 'MESSAGING',
    body: (convId, sentence) => {
      const event = textEvent(sentence, messagingLpEvent(convId, textContent(sentence)));
      return {
        ...event,
        timestamp: Date.now(),
        tpbConformanceFutureKey: { nested: [1, 'two'] },
        context: { ...event.context, tpbConformanceFutureKey: 'context extra' },
      };
    },
  },
  {
    what: 'messaging TEXT with unknown keys in context.lpEvent (conversationContext, …)',
    type: 'MESSAGING',
    body: (convId, sentence) =>
      textEvent(sentence, {
        ...messagingLpEvent(convId, textContent(sentence)),
        conversationContext: {
          type: 'SharkContext',
          skillId: '1234567',
          campaignId: '3456789',
          engagementId: '2345678',
          visitor: exampleVisitor,
        },
        tpbConformanceFutureKey: { nested: true },
      }),
  },
  {
    what: 'chat TEXT (chat line lpEvent) with source',
    type: 'CHAT',
    body: (_convId, sentence) => textEvent(sentence, chatLpEvent(sentence)),
  },
  {
    what: 'chat TEXT (chat line lpEvent) without source',
    type: 'CHAT',
    body: (_convId, sentence) => withoutSource({ ...textEvent(sentence, chatLpEvent(sentence)) }),
  },
];

export const tolerantReadingCheck: Check = {
  ruleId: 'CE-EVENT-07',
  async run(context) {
    const got = await ceProbe('CE-EVENT-07', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const sentence = plainSentence(context.utterances);
    const baseline = newConvId();
    const put = await probe.put(baseline, conversationBody());
    const first = await probe.post(
      baseline,
      textEvent(sentence, messagingLpEvent(baseline, textContent(sentence))),
    );
    if (explainedByPut(put, first)) {
      return skipped(
        `CE-EVENT-07: no conversation to send events to: the PUT answered ${answerOf(put)} and the event 404 (CE-CONV-01 reports it).`,
      );
    }
    if (!isSuccess(first)) {
      return skipped(
        `CE-EVENT-07: no 200 outcome to preserve: the plain TEXT event answered ${answerOf(first)} (CE-EVENT-02 reports it).`,
      );
    }
    const changed: string[] = [];
    const warnings = successCodeWarning(first, 'E4');
    for (const variant of tolerantVariants) {
      const convId = newConvId();
      // Only the event is judged: the plain event showed what the PUT's answer means.
      const created = await probe.put(convId, conversationBody(variant.type));
      const response = await probe.post(convId, variant.body(convId, sentence));
      if (!isSuccess(response)) {
        const after = isSuccess(created)
          ? ''
          : ` (its ${variant.type} PUT answered ${answerOf(created)})`;
        changed.push(`${variant.what}: ${answerOf(response)}${after}`);
      }
    }
    if (changed.length > 0) {
      return fail(
        `CE-EVENT-07: expected the same 200 as for the plain TEXT event, got ${changed.join('; ')}. Ignore keys you do not know, treat context.lpEvent as opaque (chat sends a chat line event), and do not require source.`,
        {
          expected: `status ${first.status} for every variant`,
          actual: changed.join('; '),
          evidence: probe.evidence,
        },
      );
    }
    return passOrWarn(
      `CE-EVENT-07: the plain TEXT event and its ${tolerantVariants.length} variants (${tolerantVariants.map((v) => v.what).join('; ')}) all answered 2xx.`,
      warnings,
      probe.evidence,
    );
  },
};
