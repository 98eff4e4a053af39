/**
 * CE-EVENT-08: malformed event bodies get a 4xx (400 preferred), never a 5xx.
 *
 * @see docs/spec/custom-endpoint.md#9-status-codes §9 (unsupported or malformed event body)
 */
import { type Check, fail, passOrWarn, skipped } from '../../harness/index.ts';
import {
  answerOf,
  ceProbe,
  conversationBody,
  isClientError,
  messagingLpEvent,
  newConvId,
  plainSentence,
  rawBody,
  refusedToken,
  textContent,
} from '../custom-endpoint-shared/index.ts';

/** The malformed bodies, for a conversation `convId`. */
export function malformedBodies(
  convId: string,
  sentence: string,
): ReadonlyArray<readonly [string, unknown]> {
  const lpEvent = messagingLpEvent(convId, textContent(sentence));
  return [
    ['invalid JSON', rawBody(`{"type":"TEXT","data":{"message":${JSON.stringify(sentence)}},`)],
    ['missing context', { type: 'TEXT', source: 'CONSUMER', data: { message: sentence } }],
    ['missing data.message', { type: 'TEXT', source: 'CONSUMER', data: {}, context: { lpEvent } }],
    [
      'unknown type "TYPING"',
      { type: 'TYPING', source: 'CONSUMER', data: {}, context: { lpEvent } },
    ],
  ];
}

export const malformedEventsCheck: Check = {
  ruleId: 'CE-EVENT-08',
  async run(context) {
    const got = await ceProbe('CE-EVENT-08', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const convId = newConvId();
    const put = await probe.put(convId, conversationBody());
    const problems: string[] = [];
    const warnings: string[] = [];
    const answers: string[] = [];
    const responses = [];
    for (const [what, body] of malformedBodies(convId, plainSentence(context.utterances))) {
      const response = await probe.post(convId, body);
      responses.push(response);
      answers.push(`${what} ${answerOf(response)}`);
      if (response.status === 400) continue;
      if (isClientError(response)) {
        warnings.push(`${what} answered ${response.status}; 400 is preferred.`);
      } else {
        problems.push(`${what}: ${answerOf(response)}`);
      }
    }
    if (responses.every((response) => response.status === 404)) {
      // A conversation the candidate does not know hides how it reads a body.
      return skipped(
        `CE-EVENT-08: could not be judged: every malformed event answered 404, the conversation just PUT (${answerOf(put)}) being unknown (CE-CONV-01 and CE-CONV-05 report it).`,
      );
    }
    if (responses.some(refusedToken)) {
      return skipped(
        `CE-EVENT-08: the candidate refused the harness's valid token (${answers.join(', ')}), so how it reads bodies could not be seen (CE-AUTH-01 reports it).`,
      );
    }
    if (problems.length > 0) {
      return fail(
        `CE-EVENT-08: expected malformed event bodies to get a 4xx (400 preferred), got ${problems.join('; ')}. Validate the body and answer 400; a 5xx makes TPB retry a request that can never succeed.`,
        {
          expected: '4xx (400 preferred) for each malformed body',
          actual: problems.join('; '),
          evidence: probe.evidence,
        },
      );
    }
    return passOrWarn(`CE-EVENT-08: ${answers.join(', ')}.`, warnings, probe.evidence);
  },
};
