/**
 * CE-STATE-01 and CE-STATE-02: E2 answers `{state, version}` and the configured bot is online.
 *
 * @see docs/spec/custom-endpoint.md#4-e2-get-bot-state §4, §8.1
 */

import { type CandidateResponse, type Check, fail, passOrWarn } from '../../harness/index.ts';
import { validate } from '../../schemas/index.ts';
import {
  answerOf,
  ceProbe,
  isSuccess,
  quoteBody,
  successCodeWarning,
} from '../custom-endpoint-shared/index.ts';

export const botStates = ['online', 'offline', 'error', 'maintenance'] as const;

/** Why an E2 answer is not a `BotStatus` body, or undefined when it is one. */
export function stateBodyProblem(response: CandidateResponse): string | undefined {
  if (!isSuccess(response)) return answerOf(response);
  if (response.json === undefined) return `a body that is not JSON (${quoteBody(response)})`;
  // The schema is closed; extra keys are no breach of the rule, so they are not reported here.
  const issues = validate('ce-bot-state', response.json).issues.filter(
    (issue) => issue.keyword !== 'additionalProperties',
  );
  return issues.length > 0 ? issues.map((issue) => issue.message).join('; ') : undefined;
}

/** CE-STATE-01: E2 returns 200 with a valid `BotStatus`. */
export const botStatusShapeCheck: Check = {
  ruleId: 'CE-STATE-01',
  async run(context) {
    const got = await ceProbe('CE-STATE-01', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const state = await probe.state();
    const problem = stateBodyProblem(state);
    if (problem !== undefined) {
      return fail(
        `CE-STATE-01: expected E2 to answer 200 with {state, version}, state one of ${botStates.map((s) => `"${s}"`).join(', ')} and version a string, got ${problem}. Return e.g. {"state":"online","version":"1.0.0"}.`,
        {
          expected: `200 {state: ${botStates.join(' | ')}, version: string}`,
          actual: isSuccess(state) ? `${state.status} ${quoteBody(state)}` : answerOf(state),
          evidence: probe.evidence,
        },
      );
    }
    return passOrWarn(
      `CE-STATE-01: E2 answered ${state.status} with ${quoteBody(state)}.`,
      successCodeWarning(state, 'E2'),
      probe.evidence,
    );
  },
};

/** CE-STATE-02: E2 for the configured bot and environment says `online`, exactly. */
export const botOnlineCheck: Check = {
  ruleId: 'CE-STATE-02',
  async run(context) {
    const got = await ceProbe('CE-STATE-02', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const response = await probe.state();
    const body = response.json as { state?: unknown } | undefined;
    const state = isSuccess(response) && typeof body === 'object' && body ? body.state : undefined;
    if (state !== 'online') {
      const actual = !isSuccess(response)
        ? answerOf(response)
        : state === undefined
          ? `no state in ${quoteBody(response)}`
          : `state ${JSON.stringify(state)}`;
      const hint =
        typeof state === 'string' && state.toLowerCase() === 'online'
          ? 'Bot state must be lower case.'
          : 'Report "online" when the bot can take conversations; any other state makes Test Connection fail and the bot does not start.';
      return fail(
        `CE-STATE-02: expected state "online" for bot "${probe.address.botId}" in environment "${probe.address.environment}", got ${actual}. ${hint}`,
        { expected: '200 with state "online"', actual, evidence: probe.evidence },
      );
    }
    return passOrWarn(
      `CE-STATE-02: E2 reports state "online" for the configured bot and environment.`,
      successCodeWarning(response, 'E2'),
      probe.evidence,
    );
  },
};
