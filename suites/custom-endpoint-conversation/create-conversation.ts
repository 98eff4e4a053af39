/**
 * CE-CONV-01, CE-CONV-02 and CE-CONV-03: E3 creates a conversation from every PUT body the
 * platform documents.
 *
 * @see docs/spec/custom-endpoint.md#5-e3-create-conversation §5, §9, §10 (D5, D8, D9)
 */
import { randomUUID } from 'node:crypto';
import { type CandidateResponse, type Check, fail, pass, passOrWarn } from '../../harness/index.ts';
import {
  answerOf,
  type CeProbe,
  ceProbe,
  conversationBody,
  exampleSdes,
  exampleVisitor,
  isSuccess,
  newConvId,
} from '../custom-endpoint-shared/index.ts';

/** The warning for a PUT that succeeded with another 2xx than 200 (D5). */
export function putSuccessWarning(response: CandidateResponse): string[] {
  if (!isSuccess(response) || response.status === 200) return [];
  return response.status === 201 || response.status === 204
    ? [
        `E3 answered ${response.status}, a documented variant (D5${response.status === 204 ? ', the reference implementation' : ''}); 200 is preferred (OpenAPI).`,
      ]
    : [`E3 answered ${response.status}, an undocumented success code; 200 is preferred.`];
}

/** PUTs each body for a fresh conversation; returns the ones that were not accepted (2xx). */
async function refusedBodies(
  probe: CeProbe,
  variants: ReadonlyArray<readonly [what: string, body: unknown]>,
): Promise<string[]> {
  const refused: string[] = [];
  for (const [what, body] of variants) {
    const response = await probe.put(newConvId(), body);
    if (!isSuccess(response)) refused.push(`${what}: ${answerOf(response)}`);
  }
  return refused;
}

/** CE-CONV-01: a valid PUT answers 2xx; 200 is preferred, 201 and 204 pass with a warning. */
export const createConversationCheck: Check = {
  ruleId: 'CE-CONV-01',
  async run(context) {
    const got = await ceProbe('CE-CONV-01', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const response = await probe.put(newConvId(), conversationBody());
    if (!isSuccess(response)) {
      return fail(
        `CE-CONV-01: expected a PUT with a valid body for a new conversation to answer 200, got ${answerOf(response)}. Create the conversation (store what the platform sends) and answer 200; TPB escalates a conversation whose PUT fails.`,
        {
          expected: 'status 200 (201 or 204 accepted)',
          actual: answerOf(response),
          evidence: probe.evidence,
        },
      );
    }
    return passOrWarn(
      `CE-CONV-01: the PUT for a new conversation answered ${response.status}.`,
      putSuccessWarning(response),
      probe.evidence,
    );
  },
};

/** CE-CONV-02: a PUT is accepted without `sdes` and with both SDES objects. */
export const sdesCheck: Check = {
  ruleId: 'CE-CONV-02',
  async run(context) {
    const got = await ceProbe('CE-CONV-02', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const refused = await refusedBodies(probe, [
      ['without sdes', conversationBody()],
      [
        'with sdes {authenticatedSdes, unauthenticatedSdes}',
        { ...conversationBody(), sdes: exampleSdes },
      ],
    ]);
    if (refused.length > 0) {
      return fail(
        `CE-CONV-02: expected a PUT to be accepted (2xx) both without sdes and with sdes, got ${refused.join('; ')}. Treat sdes as optional: TPB sends it only when Engagement Attributes are enabled, and only once per conversation.`,
        { expected: '2xx for both bodies', actual: refused.join('; '), evidence: probe.evidence },
      );
    }
    return pass(
      'CE-CONV-02: the PUT was accepted without sdes and with authenticatedSdes and unauthenticatedSdes.',
      probe.evidence,
    );
  },
};

/** The documented shapes of `context` (D9) and unknown keys that must be ignored. */
export const contextVariants: ReadonlyArray<readonly [string, unknown]> = [
  [
    'MESSAGING with skillId, engagementId and campaignId as numeric strings',
    conversationBody('MESSAGING', {
      skillId: '1234567',
      engagementId: '2345678',
      campaignId: '3456789',
    }),
  ],
  [
    'CHAT with skillId, engagementId and campaignId as numbers',
    conversationBody('CHAT', { skillId: 1234567, engagementId: 2345678, campaignId: 3456789 }),
  ],
  [
    'MESSAGING with unknown context keys (assignedAgentId, visitor, contextType, interactionContextId, …)',
    conversationBody('MESSAGING', {
      skillId: 1234567,
      contextType: 2,
      visitor: exampleVisitor,
      assignedAgentId: `12345678.${randomUUID()}`,
      interactionContextId: '3',
      tpbConformanceFutureKey: { nested: [1, 'two'] },
    }),
  ],
];

/** CE-CONV-03: CHAT and MESSAGING, numbers and numeric strings, unknown context keys. */
export const conversationContextCheck: Check = {
  ruleId: 'CE-CONV-03',
  async run(context) {
    const got = await ceProbe('CE-CONV-03', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const refused = await refusedBodies(probe, contextVariants);
    if (refused.length > 0) {
      return fail(
        `CE-CONV-03: expected every documented PUT context to be accepted (2xx), got ${refused.join('; ')}. Accept type CHAT and MESSAGING, ids as numbers or numeric strings, and ignore context keys you do not know.`,
        {
          expected: `2xx for each of: ${contextVariants.map(([what]) => what).join('; ')}`,
          actual: refused.join('; '),
          evidence: probe.evidence,
        },
      );
    }
    return pass(
      `CE-CONV-03: the PUT was accepted ${contextVariants.map(([what]) => what).join('; ')}.`,
      probe.evidence,
    );
  },
};
