import { checkReport } from './check-report.ts';
import { type PreparedReport, prepareInput } from './prepare-report.ts';
import type { ReportInput } from './report-input.ts';
import type { Reporter } from './reporter.ts';

/** report.json: the prepared report (validated by `checkReport`), pretty-printed. */
export const jsonReporter = {
  fileName: 'report.json',
  render: (prepared: PreparedReport): string => `${JSON.stringify(prepared.report, null, 2)}\n`,
} satisfies Reporter;

/**
 * report.json: the report, validated, secrets redacted, pretty-printed.
 * Throws `ReportError` (`TPB_REPORT_INVALID`) instead of returning an invalid report.
 */
export function renderJsonReport(input: ReportInput): string {
  return jsonReporter.render(prepareInput(input, checkReport));
}
