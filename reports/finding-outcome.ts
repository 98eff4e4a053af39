import type { Finding, Report, ReportCoverage } from '../schemas/index.ts';

/**
 * Whether a finding fails the run: a failed MUST rule always, a failed SHOULD rule only under
 * --strict, an INFO rule never.
 */
export function failsRun(finding: Pick<Finding, 'level' | 'status'>, strict: boolean): boolean {
  if (finding.status !== 'fail') return false;
  return finding.level === 'MUST' || (finding.level === 'SHOULD' && strict);
}

/** Whether a finding is a failure that does not fail the run (a SHOULD rule without --strict). */
export function failsAsWarning(
  finding: Pick<Finding, 'level' | 'status'>,
  strict: boolean,
): boolean {
  return finding.status === 'fail' && !failsRun(finding, strict);
}

/**
 * Whether a finding is an applicable MUST rule that could not be checked: it makes the run
 * incomplete, and fails it under --strict.
 */
export function isUncheckedMust(
  finding: Pick<Finding, 'level' | 'status' | 'applicable'>,
): boolean {
  return finding.level === 'MUST' && finding.applicable !== false && finding.status === 'skipped';
}

/**
 * The verdict of a run, the one place it is decided: `fail` when a finding fails the run;
 * otherwise `incomplete` when an applicable MUST rule was skipped (it could not be checked, and
 * the coverage says why); otherwise `pass`. A rule skipped as not applicable (`applicable: false`)
 * does not count.
 */
export function judgeRun(
  results: readonly Finding[],
  strict: boolean,
): { verdict: Report['verdict']; coverage: ReportCoverage } {
  const must = results.filter((result) => result.level === 'MUST' && result.applicable !== false);
  const unchecked = must
    .filter(isUncheckedMust)
    .map((result) => ({ ruleId: result.ruleId, reason: result.message }));
  const coverage = {
    mustApplicable: must.length,
    mustChecked: must.length - unchecked.length,
    unchecked,
  };
  if (results.some((result) => failsRun(result, strict))) return { verdict: 'fail', coverage };
  return { verdict: unchecked.length > 0 ? 'incomplete' : 'pass', coverage };
}

/** "71 of 78 applicable MUST rules checked". */
export function coverageText(coverage: ReportCoverage): string {
  return `${coverage.mustChecked} of ${coverage.mustApplicable} applicable MUST rules checked`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Why the verdict is what it is, in one sentence: "1 MUST rule failed." */
export function verdictReason(
  report: Pick<Report, 'results' | 'strict' | 'verdict' | 'coverage'>,
): string {
  if (report.verdict === 'pass') {
    return report.strict
      ? 'Every MUST and SHOULD rule passed (--strict).'
      : 'Every MUST rule passed.';
  }
  if (report.verdict === 'incomplete') {
    const { unchecked } = report.coverage;
    return `No rule failed, but ${plural(unchecked.length, 'applicable MUST rule')} could not be checked (${coverageText(report.coverage)}): ${unchecked.map((rule) => rule.ruleId).join(', ')}. Declare what they need (see each rule's reason) to certify the bot.`;
  }
  const failing = report.results.filter((finding) => failsRun(finding, report.strict));
  const must = failing.filter((finding) => finding.level === 'MUST').length;
  const should = failing.length - must;
  const parts = [
    must > 0 ? `${plural(must, 'MUST rule')} failed` : '',
    should > 0 ? `${plural(should, 'SHOULD rule')} failed under --strict` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `${parts.join('; ')}.` : 'The run failed.';
}
