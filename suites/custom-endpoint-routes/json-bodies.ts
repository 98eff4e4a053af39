/**
 * CE-ROUTE-05: every 200 of E1, E2 and E4 has a JSON body; a non-JSON Content-Type is a warning.
 *
 * @see docs/spec/custom-endpoint.md#1-conventions §1 ("JSON for every 200 that has a body")
 */

import {
  type CandidateResponse,
  type Check,
  fail,
  passOrWarn,
  skipped,
} from '../../harness/index.ts';
import {
  ceProbe,
  chatLpEvent,
  conversationBody,
  lpEventFor,
  newConvId,
  plainSentence,
  quoteBody,
  startEvent,
  textEvent,
} from '../custom-endpoint-shared/index.ts';

/** `application/json`, `application/problem+json`, with or without parameters. */
const jsonContentType = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

export const jsonBodiesCheck: Check = {
  ruleId: 'CE-ROUTE-05',
  async run(context) {
    const got = await ceProbe('CE-ROUTE-05', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const sentence = plainSentence(context.utterances);
    const messaging = newConvId();
    const chat = newConvId();
    await probe.put(messaging, conversationBody('MESSAGING'));
    await probe.put(chat, conversationBody('CHAT'));
    const answers: Array<[string, CandidateResponse]> = [
      ['E1', await probe.environments()],
      ['E2', await probe.state()],
      [
        'E4 TEXT',
        await probe.post(
          messaging,
          textEvent(sentence, lpEventFor('MESSAGING', messaging, sentence)),
        ),
      ],
      ['E4 START', await probe.post(chat, startEvent(chatLpEvent('', true)))],
    ];
    const ok = answers.filter(([, response]) => response.status === 200);
    if (ok.length === 0) {
      return skipped(
        'CE-ROUTE-05: no E1, E2 or E4 request answered 200, so there was no success body to judge (CE-ROUTE-01, CE-ROUTE-02 and CE-STATE-01 report the statuses).',
      );
    }
    const notJson = ok.filter(([, response]) => response.json === undefined);
    if (notJson.length > 0) {
      const actual = notJson
        .map(([route, response]) => `${route} 200 with ${quoteBody(response)}`)
        .join('; ');
      return fail(
        `CE-ROUTE-05: expected every 200 of E1, E2 and E4 to have a JSON body, got ${actual}. Answer with a JSON body and Content-Type application/json.`,
        { expected: 'a body that parses as JSON', actual, evidence: probe.evidence },
      );
    }
    const warnings = ok
      .filter(([, response]) => !jsonContentType.test(response.contentType ?? ''))
      .map(
        ([route, response]) =>
          `${route} answered JSON with Content-Type ${response.contentType ? `"${response.contentType}"` : '(none)'}; application/json is expected.`,
      );
    return passOrWarn(
      `CE-ROUTE-05: every 200 of ${ok.map(([route]) => route).join(', ')} has a JSON body.`,
      warnings,
      probe.evidence,
    );
  },
};
