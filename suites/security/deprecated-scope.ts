/**
 * SEC-11: a token with the deprecated scope `ihub.tpb.customendpoint` is accepted (an older
 * installation may still carry it; the public reference implementation accepts it, D19).
 * @see custom-endpoint.md §7.1, §7.2, §10 (D19)
 */

import { type Check, fail, passOrWarn, type RunContext, skipped } from '../../harness/index.ts';
import {
  answerEvidence,
  describeAnswers,
  directHttp,
  failedAcceptance,
  judgeAcceptance,
  noDirectHttp,
  unservedWarning,
} from '../custom-endpoint-auth/index.ts';
import { attackRule } from './attack-run.ts';

const ruleId = 'SEC-11';

export const deprecatedScopeCheck: Check = {
  ruleId,
  async run(context: RunContext) {
    if (!directHttp(context)) return skipped(noDirectHttp(ruleId));
    const run = await attackRule(context, ruleId);
    if (run.skippedReason !== undefined) return skipped(run.skippedReason);
    const { target } = run;
    const answers = run.results.flatMap((result) => result.answers);
    const acceptance = judgeAcceptance(answers, {
      e1Unserved: (answer) =>
        target.e1Unserved && answer.response.status === target.e1Baseline.response.status,
    });
    const failed = failedAcceptance(acceptance);
    if (failed.length > 0) {
      return fail(
        `${ruleId}: expected a token with the deprecated scope "ihub.tpb.customendpoint" to be accepted on every route, got ${describeAnswers(failed)}. Accept both thirdpartybots.customendpoint.bot and ihub.tpb.customendpoint (older App Installations carry the latter); see custom-endpoint.md §7.2.`,
        {
          expected: '2xx on E1–E4',
          actual: describeAnswers(answers),
          evidence: answerEvidence(failed, target.secrets),
        },
      );
    }
    return passOrWarn(
      `${ruleId}: the deprecated scope "ihub.tpb.customendpoint" was accepted (${describeAnswers(answers)}).`,
      unservedWarning(acceptance),
    );
  },
};
