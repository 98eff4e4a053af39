/**
 * CE-AUTH-02: the platform caches its bearer, so one token must be accepted on many requests and
 * conversations until it expires.
 * @see docs/spec/custom-endpoint.md#71-getting-a-token §7.1
 */

import { type Check, fail, passOrWarn, type RunContext, skipped } from '../../harness/index.ts';
import {
  answerEvidence,
  failedAcceptance,
  judgeAcceptance,
  unservedWarning,
} from './acceptance.ts';
import { describeToken, reportSecrets } from './evidence-redaction.ts';
import {
  callRoute,
  describeAnswers,
  directHttp,
  noDirectHttp,
  type RouteAnswer,
} from './route-probe.ts';

const ruleId = 'CE-AUTH-02';

/** Conversations run side by side with the one token, each created and sent two events. */
const conversationCount = 3;

export const sameTokenReusedCheck: Check = {
  ruleId,
  async run(context: RunContext) {
    const http = directHttp(context);
    if (!http) return skipped(noDirectHttp(ruleId));
    const token = await context.bearer();
    const secrets = await reportSecrets(context);
    const credentials = { token };
    const answers: RouteAnswer[] = [];
    const send = async (route: RouteAnswer['route'], e4ConvId?: string) => {
      const answer = await callRoute(
        http,
        route,
        credentials,
        e4ConvId !== undefined ? { e4ConvId } : {},
      );
      answers.push(answer);
      return answer;
    };

    await send('E2');
    const conversations = await Promise.all(
      Array.from({ length: conversationCount }, async () => {
        const created = await send('E3');
        const convId = created.convId as string;
        await send('E4', convId);
        await send('E4', convId);
        return convId;
      }),
    );
    await send('E2');
    await send('E1');
    await send('E4', conversations[0]);

    const acceptance = judgeAcceptance(answers);
    const failed = failedAcceptance(acceptance);
    const tokenNote = {
      kind: 'note' as const,
      text: `One token for all ${answers.length} requests (${conversationCount} conversations): ${describeToken(token)}.`,
    };
    if (failed.length > 0) {
      const firstAccepted = answers.findIndex((answer) => acceptance.accepted.includes(answer));
      const firstFailed = answers.findIndex((answer) => failed.includes(answer));
      const reuseRefused = firstAccepted >= 0 && firstAccepted < firstFailed;
      return fail(
        `${ruleId}: expected the same valid token to be accepted on all ${answers.length} requests across ${conversationCount} conversations, got ${failed.length} not accepted (${describeAnswers(failed)}). ${
          reuseRefused
            ? 'The token was accepted first and refused later: do not treat the bearer as single-use (no jti replay check, no per-conversation binding); the platform caches it until it expires. See custom-endpoint.md §7.1.'
            : 'Accept every request carrying a valid, unexpired token; see custom-endpoint.md §7.1 and §7.3.'
        }`,
        {
          expected: `2xx on all ${answers.length} requests made with one token`,
          actual: describeAnswers(answers),
          evidence: [...answerEvidence(failed, secrets), tokenNote],
        },
      );
    }
    return passOrWarn(
      `${ruleId}: one token was accepted on all ${answers.length} requests across ${conversationCount} conversations.`,
      unservedWarning(acceptance),
      [tokenNote],
    );
  },
};
