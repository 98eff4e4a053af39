/**
 * CE-STATE-03: E2 answers 404 for an unknown bot and for an unknown environment.
 *
 * @see docs/spec/custom-endpoint.md#4-e2-get-bot-state §4, §9
 */
import { type Check, fail, pass } from '../../harness/index.ts';
import {
  answerOf,
  ceProbe,
  unknownBotId,
  unknownEnvironment,
} from '../custom-endpoint-shared/index.ts';

export const unknownStateCheck: Check = {
  ruleId: 'CE-STATE-03',
  async run(context) {
    const got = await ceProbe('CE-STATE-03', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const botId = unknownBotId();
    const environment = unknownEnvironment();
    const answers = [
      { what: `unknown bot "${botId}"`, response: await probe.state({ botId }) },
      {
        what: `unknown environment "${environment}" of the configured bot`,
        response: await probe.state({ environment }),
      },
    ];
    const wrong = answers.filter(({ response }) => response.status !== 404);
    if (wrong.length > 0) {
      const actual = wrong
        .map(({ what, response }) => `${answerOf(response)} for the ${what}`)
        .join('; ');
      return fail(
        `CE-STATE-03: expected E2 to answer 404 for an unknown bot and for an unknown environment, got ${actual}. Answer 404 when the bot or the environment does not exist, so that a misconfigured Bot ID or environment fails Test Connection.`,
        { expected: '404 for both', actual, evidence: probe.evidence },
      );
    }
    return pass(
      'CE-STATE-03: E2 answered 404 for an unknown bot and for an unknown environment.',
      probe.evidence,
    );
  },
};
