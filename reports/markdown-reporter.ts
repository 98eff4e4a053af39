import type { Finding } from '../schemas/index.ts';
import { coverageText, failsAsWarning, failsRun, verdictReason } from './finding-outcome.ts';
import { type PreparedReport, prepareInput } from './prepare-report.ts';
import type { ReportInput } from './report-input.ts';
import type { Reporter } from './reporter.ts';
import { describeTarget, formatDuration } from './target-description.ts';

const MESSAGE_LENGTH = 160;

/** Text for one table cell: one line, no pipes, no HTML, bare URLs as code so nothing links. */
function cell(text: string, max = MESSAGE_LENGTH): string {
  let line = text.replace(/\s+/g, ' ').trim();
  if (line.length > max) line = `${line.slice(0, max - 1).trimEnd()}…`;
  return line
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/(?<!`)\b[a-z][a-z0-9+.-]*:\/\/[^\s`]*[^\s`.,;:!?)]/gi, (url) => `\`${url}\``);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function resultLabel(finding: Finding, strict: boolean): string {
  if (failsRun(finding, strict)) return '❌ fail';
  if (failsAsWarning(finding, strict)) {
    return finding.level === 'SHOULD' ? '⚠️ fail (warning)' : 'ℹ️ fail (info)';
  }
  return '⚠️ pass with warning';
}

/**
 * Where a listed rule is documented: its title and its pages. The URLs are the catalogue's own
 * (never candidate text), left bare so that a pull-request comment links them.
 */
function docsCell(finding: Finding): string {
  const title = finding.title ? cell(finding.title, 80) : '';
  const docs = (finding.docs ?? []).filter((url) => /^https:\/\/[^\s|<>`]+$/.test(url));
  return [title, ...docs].filter((part) => part !== '').join(' ');
}

/**
 * summary.md: the verdict, the counts and the failed and warned rules, short enough for a
 * pull-request comment. Candidate text never becomes a link; each listed rule's own title and
 * documentation pages are shown beside its message (the message says what to do), and the
 * details are in index.html.
 */
function renderMarkdown({ report }: PreparedReport): string {
  const { summary, strict } = report;
  const listed = report.results.filter(
    (finding) => finding.status === 'fail' || finding.status === 'pass-with-warning',
  );
  const shouldWarnings = report.results.filter(
    (finding) => finding.level === 'SHOULD' && failsAsWarning(finding, strict),
  );

  const icon = { pass: '✅', fail: '❌', incomplete: '⚠️' }[report.verdict];
  const lines = [`### ${icon} tpb-conformance: ${report.verdict.toUpperCase()}`, ''];
  const why = verdictReason(report);
  lines.push(
    `**${why}** ${cell(describeTarget(report.target), 300)}: ${plural(summary.total, 'rule')} checked in ${formatDuration(report.durationMs)} (${report.tool.name} ${report.tool.version}${strict ? ', --strict' : ''}).`,
    '',
    `Coverage: ${coverageText(report.coverage)}.`,
    '',
    '| Total | Passed | Failed | Warnings | Skipped | Info |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${summary.total} | ${summary.passed} | ${summary.failed} | ${summary.warnings} | ${summary.skipped} | ${summary.info} |`,
  );

  const load = report.load?.result;
  if (load) {
    const ms = (value: number) => `${Math.round(value)} ms`;
    lines.push(
      '',
      '| Turns/s | Answered | p50 | p95 | p99 | Max | Timeouts | Retries | Bot errors | Escalated |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| ${load.turnsPerSecond} | ${load.turns} of ${load.turnsPlanned} | ${ms(load.turnLatency.p50Ms)} | ${ms(load.turnLatency.p95Ms)} | ${ms(load.turnLatency.p99Ms)} | ${ms(load.turnLatency.maxMs)} | ${load.timeouts} | ${load.retries} | ${load.candidateErrors} | ${Object.values(load.escalations).reduce<number>((sum, n) => sum + (n ?? 0), 0)} |`,
    );
  }
  if (listed.length > 0) {
    lines.push('', '| Rule | Level | Result | Message | Rule and docs |', '|---|---|---|---|---|');
    for (const finding of listed) {
      lines.push(
        `| \`${finding.ruleId}\` | ${finding.level} | ${resultLabel(finding, strict)} | ${cell(finding.message)} | ${docsCell(finding)} |`,
      );
    }
  }
  const { unchecked } = report.coverage;
  if (unchecked.length > 0) {
    lines.push('', '| Unchecked MUST rule | Why, and what to declare |', '|---|---|');
    for (const rule of unchecked) lines.push(`| \`${rule.ruleId}\` | ${cell(rule.reason)} |`);
  }
  if (shouldWarnings.length > 0) {
    lines.push(
      '',
      `${plural(shouldWarnings.length, 'failed SHOULD rule')} counted as ${shouldWarnings.length === 1 ? 'a warning' : 'warnings'}; run with --strict to fail on ${shouldWarnings.length === 1 ? 'it' : 'them'}.`,
    );
  }
  if (summary.skipped > 0) {
    lines.push(
      '',
      `${plural(summary.skipped, 'rule')} skipped: not applicable to this target, or an input the manifest does not declare. The reasons are in index.html and report.json.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export const markdownReporter = {
  fileName: 'summary.md',
  render: renderMarkdown,
} satisfies Reporter;

/** summary.md of a report not yet prepared (`markdownReporter` renders a prepared one). */
export function renderMarkdownSummary(input: ReportInput): string {
  return renderMarkdown(prepareInput(input));
}
