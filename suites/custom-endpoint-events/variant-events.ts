/**
 * CE-EVENT-06: the OpenAPI-only and survey events get 200 with a valid body or a 4xx, never a
 * 5xx (D1, D2, D3: the reference implementation answers CONVERSATION and hosted-file with 400).
 *
 * @see docs/spec/custom-endpoint.md#61-request §6.1, §10 (D1-D3)
 */
import { type Check, fail, pass, passOrWarn, skipped } from '../../harness/index.ts';
import type { CustomEndpointEventRequestBody } from '../../schemas/index.ts';
import {
  answerOf,
  ceProbe,
  closeConversationEvent,
  conversationBody,
  conversationStateEvent,
  hostedFileEvent,
  isClientError,
  isSuccess,
  judgeReply,
  messagingLpEvent,
  newConvId,
  refusedToken,
  textContent,
} from '../custom-endpoint-shared/index.ts';

type LpEvent = Record<string, unknown>;

/** The events of D1-D3 that the mock sends only in variant or survey scenarios. */
export const variantEvents: ReadonlyArray<
  readonly [what: string, build: (lpEvent: LpEvent) => CustomEndpointEventRequestBody]
> = [
  ['CONVERSATION STARTED', (lpEvent) => conversationStateEvent('STARTED', lpEvent)],
  ['CONVERSATION TRANSFERRED', (lpEvent) => conversationStateEvent('TRANSFERRED', lpEvent)],
  ['CONVERSATION CLOSED', (lpEvent) => conversationStateEvent('CLOSED', lpEvent)],
  ['hosted-file', (lpEvent) => hostedFileEvent(lpEvent)],
  ['CLOSE_CONVERSATION', (lpEvent) => closeConversationEvent(lpEvent)],
];

export const variantEventsCheck: Check = {
  ruleId: 'CE-EVENT-06',
  async run(context) {
    const got = await ceProbe('CE-EVENT-06', context);
    if ('outcome' in got) return got.outcome;
    const { probe } = got;
    const problems: string[] = [];
    const warnings: string[] = [];
    const answers: string[] = [];
    const unjudged: string[] = [];
    for (const [what, build] of variantEvents) {
      // A fresh conversation each: CLOSED and CLOSE_CONVERSATION may end one.
      const convId = newConvId();
      await probe.put(convId, conversationBody());
      const response = await probe.post(convId, build(messagingLpEvent(convId, textContent(''))));
      // A 404 (the conversation is unknown, whatever its PUT answered) or a refused token says
      // nothing about the event type.
      if (response.status === 404 || refusedToken(response)) {
        unjudged.push(`${what} ${answerOf(response)}`);
        continue;
      }
      answers.push(`${what} ${answerOf(response)}`);
      if (isClientError(response)) continue;
      if (isSuccess(response)) {
        const judged = judgeReply(response, { channel: 'messaging', requireContent: false });
        if (judged.ok) warnings.push(...judged.warnings.map((warning) => `${what}: ${warning}`));
        else problems.push(`${what}: ${judged.problem}`);
        continue;
      }
      problems.push(`${what}: ${answerOf(response)}`);
    }
    if (answers.length === 0) {
      return skipped(
        `CE-EVENT-06: could not be judged: ${unjudged.join(', ')}. A 404 means the conversation just PUT was unknown (CE-CONV-01 and CE-CONV-05 report it), a 401/403 that the valid token was refused (CE-AUTH-01 reports it).`,
      );
    }
    if (problems.length > 0) {
      return fail(
        `CE-EVENT-06: expected CONVERSATION, hosted-file and CLOSE_CONVERSATION events to get 200 with a valid body or a 4xx, got ${problems.join('; ')}. Answer event types you do not handle with 400, never with a server error.`,
        {
          expected: '200 with a valid body, or 4xx',
          actual: problems.join('; '),
          evidence: probe.evidence,
        },
      );
    }
    const message = `CE-EVENT-06: ${answers.join(', ')}${unjudged.length > 0 ? ` (not judged: ${unjudged.join(', ')})` : ''}.`;
    return warnings.length > 0
      ? passOrWarn(message, warnings, probe.evidence)
      : pass(message, probe.evidence);
  },
};
