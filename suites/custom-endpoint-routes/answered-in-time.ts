/**
 * CE-ROUTE-03: every request is answered within the platform's per-request timeout (60 s, or
 * the run's --timeout-ms).
 *
 * @see docs/spec/custom-endpoint.md#84-timeouts-and-retries §8.4
 */

import { type CandidateResponse, type Check, fail, pass } from '../../harness/index.ts';
import {
  answerOf,
  ceProbe,
  conversationBody,
  lpEventFor,
  newConvId,
  plainSentence,
  textEvent,
} from '../custom-endpoint-shared/index.ts';

export const answeredInTimeCheck: Check = {
  ruleId: 'CE-ROUTE-03',
  async run(context) {
    const got = await ceProbe('CE-ROUTE-03', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const convId = newConvId();
    const sentence = plainSentence(context.utterances);
    const calls: Array<[string, CandidateResponse]> = [
      ['E1 GET …/environments', await probe.environments()],
      ['E2 GET …/state', await probe.state()],
      ['E3 PUT …/conversations/{convId}', await probe.put(convId, conversationBody())],
      [
        'E4 POST …/conversations/{convId}/events',
        await probe.post(convId, textEvent(sentence, lpEventFor('MESSAGING', convId, sentence))),
      ],
    ];
    const unanswered = calls.filter(([, response]) => response.status === undefined);
    if (unanswered.length > 0) {
      const what = unanswered.map(([route, response]) => `${route}: ${answerOf(response)}`);
      return fail(
        `CE-ROUTE-03: expected every request to be answered within ${context.timeoutMs} ms, got ${what.join('; ')}. Answer every request well within the platform's per-request timeout; after three attempts TPB escalates the conversation.`,
        {
          expected: `a response within ${context.timeoutMs} ms`,
          actual: what.join('; '),
          evidence: probe.evidence,
        },
      );
    }
    const slowest = Math.max(...calls.map(([, response]) => response.durationMs));
    return pass(
      `CE-ROUTE-03: E1, E2, E3 and E4 answered within ${context.timeoutMs} ms (slowest ${Math.round(slowest)} ms).`,
      probe.evidence,
    );
  },
};
