/**
 * SEC-01 … SEC-10: each attack is sent to every route with an otherwise valid request. 401
 * passes; 403 passes with a warning; 400 passes with a warning only where noted (SEC-02); 2xx,
 * 5xx and anything else fail.
 * @see rules.md (SEC), custom-endpoint.md §7.3, §9, §10 (D10, D11)
 */

import { type Check, fail, passOrWarn, type RunContext, skipped } from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import {
  describeAnswers,
  directHttp,
  noDirectHttp,
  type RouteAnswer,
  redactEvidence,
  statusOf,
} from '../custom-endpoint-auth/index.ts';
import { type AttackResult, type AttackTarget, attackRule, type RuleRun } from './attack-run.ts';
import type { AttackRuleId } from './attack-tokens.ts';

/** How one route's answer to an attack is judged. */
export type Rejection =
  | { verdict: 'pass' }
  | { verdict: 'warn'; status: 403 | 400 }
  | { verdict: 'fail' }
  /** The route could not be judged: E1 not served, or E4's conversation could not be made. */
  | { verdict: 'unjudged'; why: string };

/** Judges an answer to an attack against the SEC status table. */
export function judgeRejection(
  answer: RouteAnswer,
  target: AttackTarget,
  options: { allow400: boolean },
): Rejection {
  const status = answer.response.status;
  if (status === 401) return { verdict: 'pass' };
  if (status === 403) return { verdict: 'warn', status };
  if (status === 400 && options.allow400) return { verdict: 'warn', status };
  if (
    answer.route === 'E1' &&
    target.e1Unserved &&
    status !== undefined &&
    status === target.e1Baseline.response.status
  ) {
    return {
      verdict: 'unjudged',
      why: `E1 answers ${status} to a valid token too (the route is not served)`,
    };
  }
  if (answer.route === 'E4' && !target.setupOk && status === 404) {
    return {
      verdict: 'unjudged',
      why: `E4's conversation could not be created with a valid token (E3 answered ${statusOf(target.setup.response)}), so E4's 404 says nothing about the token`,
    };
  }
  return { verdict: 'fail' };
}

interface JudgedAnswer {
  result: AttackResult;
  answer: RouteAnswer;
  rejection: Rejection;
}

/** The judged answers of a rule's run, in order. */
export function judgeRun(run: RuleRun, allow400: boolean): JudgedAnswer[] {
  return run.results.flatMap((result) =>
    result.answers.map((answer) => ({
      result,
      answer,
      rejection: judgeRejection(answer, run.target, { allow400 }),
    })),
  );
}

/** `alg "none": E1 200, E2 200; …` for the answers given, grouped by attack. */
export function describeByAttack(judged: readonly JudgedAnswer[]): string {
  const byAttack = new Map<string, RouteAnswer[]>();
  for (const { result, answer } of judged) {
    const list = byAttack.get(result.attack.name) ?? [];
    list.push(answer);
    byAttack.set(result.attack.name, list);
  }
  return [...byAttack].map(([name, answers]) => `${name}: ${describeAnswers(answers)}`).join('; ');
}

const statusWarnings: Record<403 | 400, string> = {
  403: 'answered 403 where 401 is preferred (OpenAPI: 401; the public reference implementation answers 403 to a missing header, D10)',
  400: 'answered 400 to a malformed token where 401 is preferred (OpenAPI: 401; the public reference implementation answers 400 to an undecodable token, D11)',
};

interface RejectionRule {
  ruleId: AttackRuleId;
  /** What the attacks send, for "expected 401 for …". */
  subject: string;
  /** What to do about a failure. */
  fix: string;
  /** SEC-02: 400 passes with a warning. */
  allow400?: boolean;
}

/** The check of a rule whose attacks must all be refused on every route. */
export function rejectionCheck(rule: RejectionRule): Check {
  const { ruleId, subject, fix } = rule;
  const allow400 = rule.allow400 ?? false;
  return {
    ruleId,
    async run(context: RunContext) {
      if (!directHttp(context)) return skipped(noDirectHttp(ruleId));
      const run = await attackRule(context, ruleId);
      if (run.skippedReason !== undefined) return skipped(run.skippedReason);
      const judged = judgeRun(run, allow400);
      const failed = judged.filter((entry) => entry.rejection.verdict === 'fail');
      const notes: Evidence[] = [
        { kind: 'note', text: `Sent: ${describeByAttack(judged)}.` },
        ...run.notes.map((text) => ({ kind: 'note' as const, text })),
        ...judged.flatMap((entry) =>
          entry.rejection.verdict === 'unjudged'
            ? [
                {
                  kind: 'note' as const,
                  text: `${entry.result.attack.name} on ${entry.answer.route}: not judged, ${entry.rejection.why}.`,
                },
              ]
            : [],
        ),
      ];
      const fetched =
        run.keyHostFetches.length > 0
          ? `The candidate fetched the attacker's key URLs named in the token header (${run.keyHostFetches.join(', ')}): never fetch jku or x5u, a token must not choose where its key comes from.`
          : undefined;
      if (failed.length > 0) {
        return fail(
          `${ruleId}: expected 401 for ${subject} on every route, got ${describeByAttack(failed)}. ${fix}${fetched ? ` ${fetched}` : ''}`,
          {
            expected: `401 on E1–E4 for every attack (403 passes with a warning${allow400 ? '; so does 400' : ''})`,
            actual: describeByAttack(judged),
            evidence: [
              ...failed
                .slice(0, 8)
                .map((entry) => redactEvidence(entry.answer.response.evidence, run.target.secrets)),
              ...notes,
            ],
          },
        );
      }
      const warnings: string[] = [];
      for (const status of [403, 400] as const) {
        const hits = judged.filter(
          (entry) => entry.rejection.verdict === 'warn' && entry.rejection.status === status,
        );
        if (hits.length > 0) warnings.push(`${statusWarnings[status]}: ${describeByAttack(hits)}.`);
      }
      if (fetched) warnings.push(fetched);
      const judgedCount = judged.filter((entry) => entry.rejection.verdict !== 'unjudged').length;
      return passOrWarn(
        `${ruleId}: every route refused ${subject} (${judgedCount} answers to ${run.results.length} attack${run.results.length === 1 ? '' : 's'}: ${run.results.map((result) => result.attack.name).join('; ')}).`,
        warnings,
        notes,
      );
    },
  };
}

/** SEC-01 … SEC-10. */
export const rejectionChecks: readonly Check[] = [
  rejectionCheck({
    ruleId: 'SEC-01',
    subject: 'a request without Authorization',
    fix: 'Check the Authorization header before serving any route and answer 401 when it is missing; see custom-endpoint.md §7.3.',
  }),
  rejectionCheck({
    ruleId: 'SEC-02',
    subject: 'malformed credentials',
    allow400: true,
    fix: 'Answer 401 (400 is tolerated) to a bearer that is not a well-formed three-part JWT; see custom-endpoint.md §7.3.',
  }),
  rejectionCheck({
    ruleId: 'SEC-03',
    subject: 'a token whose signature does not verify',
    fix: 'Verify the RS256 signature over header and payload with the Sentinel key before trusting any claim; see custom-endpoint.md §7.3.',
  }),
  rejectionCheck({
    ruleId: 'SEC-04',
    subject: 'a token whose iss is not "Sentinel"',
    fix: 'Require iss to equal "Sentinel" exactly; see custom-endpoint.md §7.3.',
  }),
  rejectionCheck({
    ruleId: 'SEC-05',
    subject: 'a token that expired more than 60 s ago',
    fix: 'Enforce exp, allowing at most 60 s of clock skew; see custom-endpoint.md §7.3.',
  }),
  rejectionCheck({
    ruleId: 'SEC-06',
    subject: 'a token whose nbf lies more than 60 s ahead',
    fix: 'Enforce nbf when present, allowing at most 60 s of clock skew; see custom-endpoint.md §7.3.',
  }),
  rejectionCheck({
    ruleId: 'SEC-07',
    subject: 'an unsigned token (alg "none")',
    fix: 'Accept RS256 only and never an unsigned token; see custom-endpoint.md §7.3.',
  }),
  rejectionCheck({
    ruleId: 'SEC-08',
    subject: 'a token with an algorithm other than RS256',
    fix: 'Pin the algorithm to RS256 when verifying (for example jose jwtVerify with algorithms: ["RS256"]); never verify an HMAC with the RSA public key. See custom-endpoint.md §7.3.',
  }),
  rejectionCheck({
    ruleId: 'SEC-09',
    subject: 'a token naming an unknown key or carrying its own (jwk, jku, x5u, x5c)',
    fix: "Select the key by kid from Sentinel's JWKS (or use the pinned key) only; ignore keys and key URLs in the token header. See custom-endpoint.md §7.3.",
  }),
  rejectionCheck({
    ruleId: 'SEC-10',
    subject: 'a token without a Custom Endpoint scope',
    fix: 'Require the scope thirdpartybots.customendpoint.bot (or the deprecated ihub.tpb.customendpoint); see custom-endpoint.md §7.3.',
  }),
];
