import {
  type FindingStatus,
  type Report,
  type ReportSummary,
  type ValidationIssue,
  validate,
} from '../schemas/index.ts';
import { judgeRun } from './finding-outcome.ts';
import { prepareReport } from './prepare-report.ts';
import { ReportError } from './report-error.ts';

const SUMMARY_KEYS: Record<keyof Omit<ReportSummary, 'total'>, FindingStatus> = {
  passed: 'pass',
  failed: 'fail',
  warnings: 'pass-with-warning',
  skipped: 'skipped',
  info: 'info',
};

function issue(path: string, expected: string, actual: string): ValidationIssue {
  return {
    path,
    keyword: 'consistency',
    expected,
    actual,
    message: `${path}: expected ${expected}, got ${actual}`,
  };
}

/** What the schema cannot say: the summary counts the results, and the verdict follows them. */
function consistencyIssues(report: Report): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { summary, results } = report;
  if (summary.total !== results.length) {
    issues.push(
      issue('/summary/total', `${results.length} (the number of results)`, `${summary.total}`),
    );
  }
  for (const [key, status] of Object.entries(SUMMARY_KEYS)) {
    const count = results.filter((finding) => finding.status === status).length;
    const stated = summary[key as keyof typeof SUMMARY_KEYS];
    if (stated !== count) {
      issues.push(
        issue(`/summary/${key}`, `${count} (results with status ${status})`, `${stated}`),
      );
    }
  }
  const { verdict, coverage } = judgeRun(results, report.strict);
  if (report.verdict !== verdict) {
    const why = {
      fail: report.strict ? 'a MUST or SHOULD rule failed under --strict' : 'a MUST rule failed',
      incomplete: 'no rule failed, but an applicable MUST rule was skipped',
      pass: 'every applicable MUST rule was checked and none failed',
    }[verdict];
    issues.push(issue('/verdict', `"${verdict}" (${why})`, `"${report.verdict}"`));
  }
  if (JSON.stringify(report.coverage) !== JSON.stringify(coverage)) {
    issues.push(
      issue(
        '/coverage',
        `${coverage.mustChecked} of ${coverage.mustApplicable} MUST rules checked, ${coverage.unchecked.length} unchecked (from the results)`,
        `${report.coverage.mustChecked} of ${report.coverage.mustApplicable}, ${report.coverage.unchecked.length} unchecked`,
      ),
    );
  }
  return issues;
}

function invalid(issues: ValidationIssue[]): ReportError {
  const list = issues.map((each) => `  ${each.message}`).join('\n');
  return new ReportError(
    'TPB_REPORT_INVALID',
    `Failed to write report.json: the report does not match schemas/report.schema.json (${issues.length} issue${issues.length === 1 ? '' : 's'}):\n${list}\nThe code that built the report has a bug; no report file was written.`,
    issues,
  );
}

/**
 * Checks a report against `schemas/report.schema.json` and its own summary, and returns it ready
 * to write (secrets redacted, evidence bodies cut at the stated limit).
 * Throws `ReportError` (`TPB_REPORT_INVALID`) listing every issue when the report is invalid.
 */
export function checkReport(report: Report): Report {
  const raw = validate('report', report);
  if (!raw.ok) throw invalid(raw.issues);
  const prepared = prepareReport(raw.value);
  const result = validate('report', prepared);
  const issues = result.ok ? consistencyIssues(prepared) : result.issues;
  if (issues.length > 0) throw invalid(issues);
  return prepared;
}
