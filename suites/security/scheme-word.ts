/**
 * SEC-14 (INFO): how the Authorization scheme word is handled. The mock sends `Bearer`; RFC 7235
 * makes the scheme case-insensitive, so lower-case `bearer` is expected to be accepted; the public
 * reference implementation ignores the word altogether (D18).
 * @see custom-endpoint.md §10 (D18)
 */

import { type Check, info, type RunContext, skipped } from '../../harness/index.ts';
import {
  describeAnswers,
  directHttp,
  judgeAcceptance,
  noDirectHttp,
  redactEvidence,
} from '../custom-endpoint-auth/index.ts';
import { type AttackResult, attackRule } from './attack-run.ts';

const ruleId = 'SEC-14';

function handling(result: AttackResult): string {
  const acceptance = judgeAcceptance(result.answers);
  const judged = result.answers.length - acceptance.unserved.length;
  if (acceptance.accepted.length === judged) return 'accepted';
  if (acceptance.refused.length === judged) return 'refused';
  return 'handled inconsistently';
}

export const schemeWordCheck: Check = {
  ruleId,
  async run(context: RunContext) {
    if (!directHttp(context)) return skipped(noDirectHttp(ruleId));
    const run = await attackRule(context, ruleId);
    if (run.skippedReason !== undefined) return skipped(run.skippedReason);
    const parts = run.results.map(
      (result) => `${result.attack.name}: ${handling(result)} (${describeAnswers(result.answers)})`,
    );
    const lowerCase = run.results.find((result) => result.attack.credentials.scheme === 'bearer');
    const advice =
      lowerCase && handling(lowerCase) !== 'accepted'
        ? ' RFC 7235 makes the scheme word case-insensitive: accepting "bearer" is expected.'
        : '';
    // E2's exchange stands for each variant; the message has every route's status.
    const evidence = run.results.flatMap((result) =>
      result.answers
        .filter((answer) => answer.route === 'E2')
        .map((answer) => redactEvidence(answer.response.evidence, run.target.secrets)),
    );
    return info(`${ruleId}: ${parts.join('; ')}.${advice}`, evidence);
  },
};
