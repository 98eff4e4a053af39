/**
 * CE-AUTH-01: a valid mock-Sentinel token is accepted on all four routes.
 * @see docs/spec/custom-endpoint.md#72-token-format §7.2, §7.3, §9
 */

import { type Check, fail, passOrWarn, type RunContext, skipped } from '../../harness/index.ts';
import {
  answerEvidence,
  failedAcceptance,
  judgeAcceptance,
  unservedWarning,
} from './acceptance.ts';
import { describeToken, reportSecrets } from './evidence-redaction.ts';
import { callRoutesInFlow, describeAnswers, directHttp, noDirectHttp } from './route-probe.ts';

const ruleId = 'CE-AUTH-01';

export const validTokenAcceptedCheck: Check = {
  ruleId,
  async run(context: RunContext) {
    const http = directHttp(context);
    if (!http) return skipped(noDirectHttp(ruleId));
    const token = await context.bearer();
    const secrets = await reportSecrets(context);
    const answers = await callRoutesInFlow(http, { token });
    const acceptance = judgeAcceptance(answers);
    const failed = failedAcceptance(acceptance);
    const tokenNote = { kind: 'note' as const, text: `The token sent: ${describeToken(token)}.` };
    if (failed.length > 0) {
      const refusedOnly = acceptance.other.length === 0;
      return fail(
        `${ruleId}: expected a valid mock-Sentinel token (RS256, iss "Sentinel", aud = the account, scope thirdpartybots.customendpoint.bot, unexpired) to be accepted on E1–E4, got ${describeAnswers(failed)}. ${
          refusedOnly
            ? 'Verify RS256 signatures with the Sentinel key (selected by kid from the JWKS, or the pinned public key) and accept the claims Sentinel issues; see custom-endpoint.md §7.3.'
            : 'Answer 2xx to a valid request with a valid token (E3: 200, or 201/204); see custom-endpoint.md §2–§6.'
        }`,
        {
          expected: '2xx on E1, E2, E3 (fresh conversation) and E4 (that conversation)',
          actual: describeAnswers(answers),
          evidence: [...answerEvidence(failed, secrets), tokenNote],
        },
      );
    }
    return passOrWarn(
      `${ruleId}: the valid token was accepted (${describeAnswers(answers)}).`,
      unservedWarning(acceptance),
      [tokenNote],
    );
  },
};
