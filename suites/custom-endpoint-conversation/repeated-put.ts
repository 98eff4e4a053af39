/**
 * CE-CONV-04: a repeated PUT for an existing conversation answers 409 (preferred) or 2xx
 * (warning, D6), never 5xx, and the conversation still takes events.
 *
 * @see docs/spec/custom-endpoint.md#5-e3-create-conversation §5, §9, §10 (D6)
 */
import { type Check, fail, passOrWarn } from '../../harness/index.ts';
import {
  answerOf,
  ceProbe,
  conversationBody,
  conversationExists,
  isSuccess,
  lpEventFor,
  newConvId,
  plainSentence,
  successCodeWarning,
  textEvent,
} from '../custom-endpoint-shared/index.ts';

export const repeatedPutCheck: Check = {
  ruleId: 'CE-CONV-04',
  async run(context) {
    const got = await ceProbe('CE-CONV-04', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const convId = newConvId();
    const sentence = plainSentence(context.utterances);
    const first = await probe.put(convId, conversationBody());
    const again = await probe.put(convId, conversationBody());
    const post = await probe.post(
      convId,
      textEvent(sentence, lpEventFor('MESSAGING', convId, sentence)),
    );

    const problems: string[] = [];
    if (!conversationExists(first)) problems.push(`the first PUT answered ${answerOf(first)}`);
    if (!conversationExists(again)) problems.push(`the repeated PUT answered ${answerOf(again)}`);
    if (!isSuccess(post)) problems.push(`the POST after it answered ${answerOf(post)}`);
    if (problems.length > 0) {
      return fail(
        `CE-CONV-04: expected a repeated PUT for an existing conversation to answer 409 (or 2xx) and the next POST to answer 200, got ${problems.join('; ')}. Answer 409 "already exists" and keep the conversation as it was: TPB PUTs again after a 404 and then repeats the event.`,
        {
          expected: 'first PUT 2xx; repeated PUT 409 (2xx accepted); POST 200',
          actual: problems.join('; '),
          evidence: probe.evidence,
        },
      );
    }
    const warnings =
      again.status === 409
        ? []
        : [
            `The repeated PUT answered ${again.status} (idempotent, as the reference implementation, D6); 409 is preferred (OpenAPI).`,
          ];
    warnings.push(...successCodeWarning(post, 'E4'));
    return passOrWarn(
      `CE-CONV-04: the repeated PUT answered ${again.status} and the next POST ${post.status}.`,
      warnings,
      probe.evidence,
    );
  },
};
