/**
 * CE-AUTH-04 (INFO): whether a valid token whose `aud` names another account is refused. Account
 * scoping is brand-defined (D21): the docs ask for it, the reference implementation does none.
 * @see docs/spec/custom-endpoint.md#73-what-a-custom-endpoint-verifies §7.3, §10 (D21)
 */

import { type Check, info, type RunContext, skipped } from '../../harness/index.ts';
import { judgeAcceptance } from './acceptance.ts';
import { describeToken } from './evidence-redaction.ts';
import { callRoutesInFlow, describeAnswers, directHttp, noDirectHttp } from './route-probe.ts';

const ruleId = 'CE-AUTH-04';

/** An account id that is not `accountId`, in Sentinel's `le<id>` form. */
export function otherAudience(accountId: string): string {
  const other = accountId === '87654321' ? '12345679' : '87654321';
  return `le${other}`;
}

export const otherAccountAudienceCheck: Check = {
  ruleId,
  async run(context: RunContext) {
    const http = directHttp(context);
    if (!http) return skipped(noDirectHttp(ruleId));
    const minter = context.minter;
    if (!minter) {
      return skipped(
        `${ruleId}: needs the key the candidate trusts to sign a token for another account; with a real Sentinel (--token-url) the harness has none.`,
      );
    }
    const ownAudience = `le${minter.options.accountId}`;
    const aud = otherAudience(minter.options.accountId);
    const token = await minter.mint({ claims: { aud } });
    const answers = await callRoutesInFlow(http, { token });
    const acceptance = judgeAcceptance(answers);
    const evidence = [
      { kind: 'note' as const, text: `The token sent: ${describeToken(token)}.` },
      ...answers.map((answer) => answer.response.evidence),
    ];
    const verdict =
      acceptance.refused.length === answers.length - acceptance.unserved.length
        ? 'refused'
        : acceptance.accepted.length === answers.length - acceptance.unserved.length
          ? 'accepted'
          : 'neither consistently accepted nor refused';
    return info(
      `${ruleId}: a valid token whose aud is "${aud}" instead of "${ownAudience}" was ${verdict} (${describeAnswers(answers)}). ${
        verdict === 'accepted'
          ? 'The candidate does not scope tokens to the account; the docs ask a Custom Endpoint to check that the token’s account may use the bot (brand-defined).'
          : verdict === 'refused'
            ? 'The candidate scopes tokens to the account.'
            : 'Compare with CE-AUTH-01, which sends the same requests with the account’s own aud.'
      }`,
      evidence,
    );
  },
};
