import type { Evidence } from '../../schemas/index.ts';
import type { RunContext } from './run-context.ts';

export type CheckStatus = 'pass' | 'pass-with-warning' | 'fail' | 'info' | 'skipped';

/** What one check concluded; the runner adds the rule's id and level and makes it a Finding. */
export interface CheckOutcome {
  status: CheckStatus;
  /** What was checked and what happened; for a failure, what to do about it. */
  message: string;
  expected?: string;
  actual?: string;
  /** Why a pass carries a warning (the non-preferred documented variant that was met). */
  warnings?: string[];
  evidence?: Evidence[];
  /** `false` on a skip: the rule does not apply to this candidate (a feature it does not use). */
  applicable?: false;
}

/**
 * The check of one rule. A rule has at least one check, and every check names a rule of the
 * catalogue (harness/rules). `run` never throws for a candidate's misbehaviour: that is a
 * finding. It throws only when the harness itself cannot run (a HarnessError).
 */
export interface Check {
  ruleId: string;
  run(context: RunContext): Promise<CheckOutcome>;
}

export const pass = (message: string, evidence: Evidence[] = []): CheckOutcome => ({
  status: 'pass',
  message,
  evidence,
});

export const fail = (
  message: string,
  details: { expected?: string; actual?: string; evidence?: Evidence[] } = {},
): CheckOutcome => ({ status: 'fail', message, ...details, evidence: details.evidence ?? [] });

export const warn = (
  message: string,
  warnings: string[],
  evidence: Evidence[] = [],
): CheckOutcome => ({
  status: 'pass-with-warning',
  message,
  warnings,
  evidence,
});

export const info = (message: string, evidence: Evidence[] = []): CheckOutcome => ({
  status: 'info',
  message,
  evidence,
});

/** The rule does not apply, or needs an input the candidate did not declare: say which. */
export const skipped = (reason: string): CheckOutcome => ({
  status: 'skipped',
  message: reason,
  evidence: [],
});

/**
 * The rule does not apply to this candidate (it does not use the feature the rule is about), so it
 * does not count against the run's coverage, unlike `skipped`.
 */
export const notApplicable = (reason: string): CheckOutcome => ({
  status: 'skipped',
  message: reason,
  evidence: [],
  applicable: false,
});

/** Passes, or passes with the warnings when there are any. */
export const passOrWarn = (
  message: string,
  warnings: string[],
  evidence: Evidence[] = [],
): CheckOutcome =>
  warnings.length > 0 ? warn(message, warnings, evidence) : pass(message, evidence);
