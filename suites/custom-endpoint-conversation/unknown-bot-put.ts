/**
 * CE-CONV-06: a PUT for an unknown bot or environment answers 404. A 2xx is the reference
 * implementation's behaviour (D7, "reported as INFO"): this SHOULD rule passes it with a warning
 * that names it, since an outcome cannot be INFO and pass at once.
 *
 * @see docs/spec/custom-endpoint.md#9-status-codes §9, §10 (D7)
 */
import { type Check, fail, passOrWarn } from '../../harness/index.ts';
import {
  answerOf,
  ceProbe,
  conversationBody,
  isSuccess,
  newConvId,
  unknownBotId,
  unknownEnvironment,
} from '../custom-endpoint-shared/index.ts';

export const unknownBotPutCheck: Check = {
  ruleId: 'CE-CONV-06',
  async run(context) {
    const got = await ceProbe('CE-CONV-06', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const botId = unknownBotId();
    const environment = unknownEnvironment();
    const answers = [
      {
        what: `unknown bot "${botId}"`,
        response: await probe.put(newConvId(), conversationBody(), { botId }),
      },
      {
        what: `unknown environment "${environment}"`,
        response: await probe.put(newConvId(), conversationBody(), { environment }),
      },
    ];
    const wrong = answers.filter(({ response }) => response.status !== 404 && !isSuccess(response));
    if (wrong.length > 0) {
      const actual = wrong
        .map(({ what, response }) => `${answerOf(response)} for the ${what}`)
        .join('; ');
      return fail(
        `CE-CONV-06: expected a PUT for an unknown bot or environment to answer 404, got ${actual}. Answer 404 when the bot or the environment does not exist.`,
        { expected: '404 (2xx reported)', actual, evidence: probe.evidence },
      );
    }
    const warnings = answers
      .filter(({ response }) => isSuccess(response))
      .map(
        ({ what, response }) =>
          `INFO: the PUT for the ${what} answered ${response.status}, as the reference implementation does (D7, it does not check the bot); 404 is preferred (OpenAPI).`,
      );
    return passOrWarn(
      `CE-CONV-06: the PUT answered ${answers.map(({ what, response }) => `${response.status} for the ${what}`).join(' and ')}.`,
      warnings,
      probe.evidence,
    );
  },
};
