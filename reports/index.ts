export { checkReport } from './check-report.ts';
export {
  coverageText,
  failsAsWarning,
  failsRun,
  judgeRun,
  verdictReason,
} from './finding-outcome.ts';
export { htmlReportStyle } from './html-report-style.ts';
export { renderHtmlReport } from './html-reporter.ts';
export { escapeHtml } from './html-text.ts';
export { renderStructuredContent } from './html-transcript.ts';
export { renderJsonReport } from './json-reporter.ts';
export { renderJunitReport } from './junit-reporter.ts';
export { renderMarkdownSummary } from './markdown-reporter.ts';
export { prepareReport } from './prepare-report.ts';
export { ReportError, type ReportErrorCode } from './report-error.ts';
export type { ReportInput } from './report-input.ts';
export { ruleGroup } from './rule-group.ts';
export { describeTarget } from './target-description.ts';
export { writeReports } from './write-reports.ts';
