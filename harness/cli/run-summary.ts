import { basename, relative } from 'node:path';
import { coverageText, failsAsWarning, verdictReason } from '../../reports/index.ts';
import type { Report } from '../../schemas/index.ts';
import { exitCodeOf } from '../runner/runner.ts';
import { type Paint, plain } from './terminal-colour.ts';

/** The target in a few words. */
export function describeTarget(target: Report['target']): string {
  switch (target.kind) {
    case 'custom-endpoint':
      return `${target.builtIn ? 'the built-in example bot, a ' : ''}Custom Endpoint at ${target.baseUrl}, bot ${target.botId}, environment ${target.environment}`;
    case 'faas':
      return `the function ${target.function}`;
    case 'connector':
      return `the connector "${target.command}"`;
  }
}

const marks = { fail: 'FAIL', 'pass-with-warning': 'WARN' } as const;
const verdictColours = { pass: 'green', fail: 'red', incomplete: 'yellow' } as const;

/**
 * What `run` prints at the end, in plain lines: each failed or warned rule with its title, its
 * message and a link to its documentation, the counts, the verdict and why, and where the reports are. `paint` colours the marks and the
 * verdict on a terminal (terminal-colour.ts).
 */
export function renderRunSummary(
  report: Report,
  files: readonly string[],
  cwd: string,
  paint: Paint = plain,
): string {
  const lines: string[] = [
    `tpb-conformance ${report.tool.version}: ${describeTarget(report.target)}`,
  ];
  for (const result of report.results) {
    if (result.status !== 'fail' && result.status !== 'pass-with-warning') continue;
    // A failed rule that does not fail the run (a SHOULD rule without --strict) is a warning.
    const mark = failsAsWarning(result, report.strict) ? 'WARN' : marks[result.status];
    const title = result.title ? `${result.title}: ` : '';
    lines.push(
      `  ${paint(mark === 'FAIL' ? 'red' : 'yellow', mark)}  ${result.ruleId} (${result.level}) ${title}${firstLine(result.message)}`,
    );
    // The message says what to do; the rule's first documentation page says it at length.
    const [docs] = result.docs ?? [];
    if (docs) lines.push(`        see ${docs}`);
  }
  const { summary } = report;
  lines.push(
    `${summary.total} rule(s): ${summary.passed} passed, ${summary.failed} failed, ${summary.warnings} passed with warnings, ${summary.skipped} skipped, ${summary.info} info, in ${(report.durationMs / 1000).toFixed(1)} s`,
  );
  if (report.interrupted) {
    // Stopped by Ctrl+C: the rules not reached are unchecked by choice, not for want of a
    // declaration, so neither their list nor the --strict hint helps.
    const verdict = paint(verdictColours[report.verdict], report.verdict.toUpperCase());
    lines.push(
      `Verdict: ${verdict}, INTERRUPTED. ${report.verdict === 'fail' ? `${verdictReason(report)} ` : ''}The run was stopped before it checked every rule; the rules not reached are skipped as not checked, so the report is partial.`,
    );
  } else if (exitCodeOf(report) === 2) {
    lines.push(
      `Verdict: ${paint('yellow', 'NO VERDICT')}: every selected rule was skipped, so nothing was certified. Choose rules that apply to this target ("tpb-conformance rules --target KIND").`,
    );
  } else {
    lines.push(`Coverage: ${coverageText(report.coverage)}.`);
    for (const rule of report.coverage.unchecked) {
      lines.push(
        `  ${paint('yellow', 'NOT CHECKED')}  ${rule.ruleId} (MUST) ${firstLine(rule.reason)}`,
      );
    }
    const verdict = paint(verdictColours[report.verdict], report.verdict.toUpperCase());
    lines.push(`Verdict: ${verdict}. ${verdictReason(report)}`);
    if (report.verdict === 'incomplete' && !report.strict) {
      lines.push('Run with --strict to make an incomplete certification fail (exit 1).');
    }
  }
  if (files.length > 0) {
    const shown = files.map((file) => {
      const path = relative(cwd, file);
      return path.startsWith('..') ? file : path;
    });
    const [first, ...others] = [
      ...shown.filter((file) => file.endsWith('index.html')),
      ...shown.filter((file) => !file.endsWith('index.html')),
    ];
    const names = others.map((file) => basename(file)).join(', ');
    lines.push(`Reports: ${first}${names ? ` (and ${names})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
