/**
 * CE-EVENT-01: E4 answers 404 for a conversation never created, and for an unknown bot or
 * environment; the platform's 404 recovery depends on it.
 *
 * @see docs/spec/custom-endpoint.md#83-404-recovery §8.3, §9
 */
import { type Check, fail, pass } from '../../harness/index.ts';
import {
  answerOf,
  ceProbe,
  conversationBody,
  lpEventFor,
  newConvId,
  plainSentence,
  textEvent,
  unknownBotId,
  unknownEnvironment,
} from '../custom-endpoint-shared/index.ts';

export const unknownConversationCheck: Check = {
  ruleId: 'CE-EVENT-01',
  async run(context) {
    const got = await ceProbe('CE-EVENT-01', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const sentence = plainSentence(context.utterances);
    const event = (convId: string) =>
      textEvent(sentence, lpEventFor('MESSAGING', convId, sentence));
    const botId = unknownBotId();
    const environment = unknownEnvironment();
    const never = newConvId();
    const otherBot = newConvId();
    const otherEnvironment = newConvId();
    // A conversation that exists, asked for under an unknown bot and environment: a candidate
    // that keys conversations by convId alone would find it there. Another environment the bot
    // has is CE-CONV-07's, a SHOULD (docs/decisions/0013-conversation-lifetime-and-scope.md).
    const existing = newConvId();
    await probe.put(existing, conversationBody());
    const answers = [
      {
        what: `a conversation never created (${never})`,
        response: await probe.post(never, event(never)),
      },
      {
        what: `the unknown bot "${botId}"`,
        response: await probe.post(otherBot, event(otherBot), { botId }),
      },
      {
        what: `the unknown environment "${environment}"`,
        response: await probe.post(otherEnvironment, event(otherEnvironment), { environment }),
      },
      {
        what: `the unknown environment "${environment}" for a conversation that exists in "${probe.address.environment}"`,
        response: await probe.post(existing, event(existing), { environment }),
      },
      {
        what: `the unknown bot "${botId}" for a conversation that exists under the configured bot`,
        response: await probe.post(existing, event(existing), { botId }),
      },
    ];
    const wrong = answers.filter(({ response }) => response.status !== 404);
    if (wrong.length > 0) {
      const actual = wrong
        .map(({ what, response }) => `${answerOf(response)} for ${what}`)
        .join('; ');
      return fail(
        `CE-EVENT-01: expected a POST to answer 404 for a conversation never created and for an unknown bot or environment, got ${actual}. Answer 404 "conversation not found": TPB then PUTs the conversation and repeats the event (404 recovery).`,
        { expected: `404 for all ${answers.length}`, actual, evidence: probe.evidence },
      );
    }
    return pass(
      'CE-EVENT-01: a POST answered 404 for a conversation never created, for an unknown bot and for an unknown environment, also for a conversation that exists under the configured bot and environment.',
      probe.evidence,
    );
  },
};
