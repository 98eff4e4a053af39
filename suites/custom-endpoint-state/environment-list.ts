/**
 * CE-STATE-04 and CE-STATE-05: E1 lists the bot's environments, the configured one and `draft`
 * among them, and answers 404 for an unknown bot (D20: SHOULD-level only, no flow calls E1).
 *
 * @see docs/spec/custom-endpoint.md#3-e1-get-bot-environments §3, §10 (D20)
 */

import { type CandidateResponse, type Check, fail, pass, passOrWarn } from '../../harness/index.ts';
import { validate } from '../../schemas/index.ts';
import {
  answerOf,
  ceProbe,
  isSuccess,
  quoteBody,
  successCodeWarning,
  unknownBotId,
} from '../custom-endpoint-shared/index.ts';

/** The environment names of an E1 answer, or why it is not a JSON array of strings. */
export function environmentList(
  response: CandidateResponse,
): { ok: true; names: string[] } | { ok: false; problem: string } {
  if (!isSuccess(response)) return { ok: false, problem: answerOf(response) };
  if (response.json === undefined) {
    return { ok: false, problem: `a body that is not JSON (${quoteBody(response)})` };
  }
  const result = validate('ce-environments', response.json);
  if (!result.ok) {
    return { ok: false, problem: result.issues.map((issue) => issue.message).join('; ') };
  }
  return { ok: true, names: result.value };
}

/** CE-STATE-04: E1 is a list of strings with the configured environment; 404 for an unknown bot. */
export const environmentListCheck: Check = {
  ruleId: 'CE-STATE-04',
  async run(context) {
    const got = await ceProbe('CE-STATE-04', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const { environment } = probe.address;
    const known = await probe.environments();
    const unknownBot = unknownBotId();
    const unknown = await probe.environments(unknownBot);
    const list = environmentList(known);
    const problems: string[] = [];
    if (!list.ok) problems.push(`E1 answered ${list.problem}`);
    else if (!list.names.includes(environment)) {
      problems.push(
        `E1 listed ${JSON.stringify(list.names)} without the configured environment "${environment}"`,
      );
    }
    if (unknown.status !== 404) {
      problems.push(`E1 answered ${answerOf(unknown)} for the unknown bot "${unknownBot}"`);
    }
    if (problems.length > 0) {
      return fail(
        `CE-STATE-04: expected E1 to answer 200 with a JSON array of strings containing "${environment}", and 404 for an unknown bot, got ${problems.join('; ')}. List the bot's environment names, e.g. ["draft","production"].`,
        {
          expected: `200 [..., "${environment}", ...]; 404 for an unknown bot`,
          actual: problems.join('; '),
          evidence: probe.evidence,
        },
      );
    }
    return passOrWarn(
      `CE-STATE-04: E1 lists ${JSON.stringify(list.ok ? list.names : [])} (with "${environment}") and answers 404 for an unknown bot.`,
      successCodeWarning(known, 'E1'),
      probe.evidence,
    );
  },
};

/** CE-STATE-05: the E1 list contains `draft`, the wizard's default environment. */
export const draftEnvironmentCheck: Check = {
  ruleId: 'CE-STATE-05',
  async run(context) {
    const got = await ceProbe('CE-STATE-05', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const list = environmentList(await probe.environments());
    if (!list.ok || !list.names.includes('draft')) {
      const actual = list.ok
        ? `E1 listed ${JSON.stringify(list.names)}`
        : `E1 answered ${list.problem}`;
      return fail(
        `CE-STATE-05: expected the E1 list to contain "draft", got ${actual}. Offer an environment named "draft": it is the default of the Third-Party Bots wizard.`,
        { expected: 'an E1 array containing "draft"', actual, evidence: probe.evidence },
      );
    }
    return pass(`CE-STATE-05: E1 lists "draft" (${JSON.stringify(list.names)}).`, probe.evidence);
  },
};
