import type { Check, CheckOutcome, RunContext } from '../../../harness/index.ts';

/** Runs the check of `ruleId` from `checks` against `context`. */
export function runCheck(
  checks: readonly Check[],
  ruleId: string,
  context: RunContext,
): Promise<CheckOutcome> {
  const check = checks.find((candidate) => candidate.ruleId === ruleId);
  if (!check) throw new Error(`No check for ${ruleId}`);
  return check.run(context);
}
