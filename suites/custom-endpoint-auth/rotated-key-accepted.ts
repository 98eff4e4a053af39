/**
 * CE-AUTH-03: in JWKS mode the key is selected by `kid`, so after the mock Sentinel rotates to a
 * second published key, tokens signed with it are accepted.
 * @see docs/spec/custom-endpoint.md#71-getting-a-token §7.1, §7.3, §7.4
 */

import {
  type Check,
  fail,
  passOrWarn,
  type RunContext,
  skipped,
  TokenMinter,
} from '../../harness/index.ts';
import {
  answerEvidence,
  failedAcceptance,
  judgeAcceptance,
  unservedWarning,
} from './acceptance.ts';
import { describeToken } from './evidence-redaction.ts';
import {
  callRoute,
  describeAnswers,
  directHttp,
  noDirectHttp,
  type RouteAnswer,
} from './route-probe.ts';

const ruleId = 'CE-AUTH-03';

/**
 * Whether the candidate trusts the mock Sentinel's JWKS (built-in bot, --jwks-port): the minter
 * signs with a key the mock publishes. With --signing-key the candidate pins a static key.
 */
export function trustsMockJwks(context: RunContext): boolean {
  const minter = context.minter;
  if (!minter || context.config.signingKey) return false;
  return context.cloud.sentinel.jwks().keys.some((key) => key.kid === minter.options.kid);
}

export const rotatedKeyAcceptedCheck: Check = {
  ruleId,
  async run(context: RunContext) {
    const http = directHttp(context);
    if (!http) return skipped(noDirectHttp(ruleId));
    const minter = context.minter;
    if (!minter) {
      return skipped(
        `${ruleId}: the candidate trusts a real Sentinel (--token-url), whose keys the harness cannot rotate.`,
      );
    }
    if (!trustsMockJwks(context)) {
      return skipped(
        `${ruleId}: the candidate pins a static key (--signing-key); key rotation by kid applies to candidates that fetch the mock Sentinel's JWKS (--jwks-port, or the built-in bot).`,
      );
    }
    const sentinel = context.cloud.sentinel;
    const previousKid = sentinel.activeKid;
    const rotatedKid = await sentinel.rotate();
    const answers: RouteAnswer[] = [];
    let token: string;
    try {
      const key = sentinel.activeKey();
      token = await new TokenMinter({
        privateKey: key.privateKey,
        kid: key.kid,
        accountId: minter.options.accountId,
        clientId: minter.options.clientId,
      }).mint();
      const credentials = { token };
      // One request first: it makes the candidate refetch the JWKS for the new kid. Requests in
      // parallel with it could meet a refetch cooldown before the new keys have arrived.
      answers.push(await callRoute(http, 'E2', credentials));
      const [e1, e3] = await Promise.all([
        callRoute(http, 'E1', credentials),
        callRoute(http, 'E3', credentials),
      ]);
      answers.push(e1, e3);
      answers.push(
        await callRoute(
          http,
          'E4',
          credentials,
          e3.convId !== undefined ? { e4ConvId: e3.convId } : {},
        ),
      );
    } finally {
      // Later checks (and the engine's Sentinel tokens) keep the key they started with.
      sentinel.activate(previousKid);
    }
    const acceptance = judgeAcceptance(answers);
    const failed = failedAcceptance(acceptance);
    const notes = [
      {
        kind: 'note' as const,
        text: `The mock Sentinel rotated from kid "${previousKid}" to "${rotatedKid}" (both published in its JWKS) and the token was signed with the new key: ${describeToken(token)}. The first key was made active again afterwards.`,
      },
    ];
    if (failed.length > 0) {
      return fail(
        `${ruleId}: expected a token signed with the newly published key "${rotatedKid}" to be accepted after the rotation, got ${describeAnswers(failed)}. When a token names a kid the cached JWKS lacks, refetch the JWKS (rate-limited) and select the key by kid; do not pin the first key. See custom-endpoint.md §7.1, §7.3.`,
        {
          expected: '2xx on E1–E4 with a token signed by the rotated-in key',
          actual: describeAnswers(answers),
          evidence: [...answerEvidence(failed, []), ...notes],
        },
      );
    }
    return passOrWarn(
      `${ruleId}: a token signed with the rotated-in key "${rotatedKid}" was accepted (${describeAnswers(answers)}).`,
      unservedWarning(acceptance),
      notes,
    );
  },
};
