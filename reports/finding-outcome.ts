import type { Finding } from '../schemas/generated/finding.ts';
import type { Report } from '../schemas/generated/report.ts';

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

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Why the verdict is what it is, in one sentence: "1 MUST rule failed." */
export function verdictReason(report: Pick<Report, 'results' | 'strict' | 'verdict'>): string {
  if (report.verdict === 'pass') {
    return report.strict
      ? 'Every MUST and SHOULD rule passed (--strict).'
      : 'Every MUST rule passed.';
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
