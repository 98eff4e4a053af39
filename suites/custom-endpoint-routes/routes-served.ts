/**
 * CE-ROUTE-01 and CE-ROUTE-02: the routes are served where the platform calls them.
 *
 * @see docs/spec/custom-endpoint.md#1-conventions §1, §2, §3
 */

import {
  type CandidateResponse,
  type Check,
  fail,
  pass,
  passOrWarn,
  skipped,
} from '../../harness/index.ts';
import {
  answerOf,
  ceProbe,
  conversationBody,
  conversationExists,
  isSuccess,
  lpEventFor,
  newConvId,
  plainSentence,
  refusedToken,
  successCodeWarning,
  textEvent,
} from '../custom-endpoint-shared/index.ts';

const notServedStatuses = new Set([404, 405]);

/** CE-ROUTE-01: E2, E3 and E4 answer something other than 404/405 for the configured bot. */
export const routesServedCheck: Check = {
  ruleId: 'CE-ROUTE-01',
  async run(context) {
    const got = await ceProbe('CE-ROUTE-01', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const convId = newConvId();
    const sentence = plainSentence(context.utterances);
    const state = await probe.state();
    const put = await probe.put(convId, conversationBody());
    const post = await probe.post(
      convId,
      textEvent(sentence, lpEventFor('MESSAGING', convId, sentence)),
    );

    const notServed: string[] = [];
    const unjudged: string[] = [];
    const judge = (route: string, response: CandidateResponse) => {
      if (response.status === undefined) unjudged.push(`${route} gave ${answerOf(response)}`);
      else if (refusedToken(response)) {
        unjudged.push(
          `${route} refused the valid token with ${response.status} (CE-AUTH-01 reports it)`,
        );
      } else if (notServedStatuses.has(response.status))
        notServed.push(`${route} answered ${response.status}`);
    };
    judge('E2 GET …/state', state);
    judge('E3 PUT …/conversations/{convId}', put);
    if (post.status === 404 && !conversationExists(put)) {
      unjudged.push(
        `E4 answered 404 after the PUT answered ${answerOf(put)}: no conversation was created, so a 404 is expected (CE-CONV-01 reports the PUT)`,
      );
    } else {
      judge(
        conversationExists(put)
          ? 'E4 POST …/conversations/{convId}/events (for the conversation just created)'
          : 'E4 POST …/conversations/{convId}/events',
        post,
      );
    }

    if (notServed.length > 0) {
      return fail(
        `CE-ROUTE-01: expected E2, E3 and E4 to be served under {BaseUrl}/v1/bots/{botId}/environments/{environment} for the configured bot "${probe.address.botId}" and environment "${probe.address.environment}", got ${notServed.join('; ')}. Serve GET …/state, PUT …/conversations/{convId} and POST …/conversations/{convId}/events at exactly these paths after the Base URL; a 404 on E4 right after a successful PUT also means the conversation was not kept (CE-CONV-05).`,
        {
          expected: 'E2, E3 and E4 answered with a status other than 404 and 405',
          actual: notServed.join('; '),
          evidence: probe.evidence,
        },
      );
    }
    if (unjudged.length > 0) {
      return skipped(
        `CE-ROUTE-01: could not be judged for every route: ${unjudged.join('; ')}. The routes that answered were served.`,
      );
    }
    return pass(
      `CE-ROUTE-01: E2 (${state.status}), E3 (${put.status}) and E4 (${post.status}) are served under {BaseUrl}/v1/bots/{botId}/environments/{environment}.`,
      probe.evidence,
    );
  },
};

/** CE-ROUTE-02: E1 answers 2xx for the configured bot. */
export const environmentsServedCheck: Check = {
  ruleId: 'CE-ROUTE-02',
  async run(context) {
    const got = await ceProbe('CE-ROUTE-02', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const environments = await probe.environments();
    if (!isSuccess(environments)) {
      return fail(
        `CE-ROUTE-02: expected E1 GET {BaseUrl}/v1/bots/${probe.address.botId}/environments to answer 200, got ${answerOf(environments)}. Serve E1 with the JSON list of the bot's environments (custom-endpoint.md §3); no platform flow calls it, but the OpenAPI and the docs define it.`,
        { expected: 'status 200', actual: answerOf(environments), evidence: probe.evidence },
      );
    }
    return passOrWarn(
      `CE-ROUTE-02: E1 GET {BaseUrl}/v1/bots/{botId}/environments is served (status ${environments.status}).`,
      successCodeWarning(environments, 'E1'),
      probe.evidence,
    );
  },
};
