import type { Finding } from '../schemas/index.ts';
import { findingText } from './evidence-text.ts';
import { failsRun, isUncheckedMust } from './finding-outcome.ts';
import { type PreparedReport, prepareInput } from './prepare-report.ts';
import type { ReportInput } from './report-input.ts';
import type { Reporter } from './reporter.ts';
import { ruleGroup } from './rule-group.ts';
import { xmlAttr, xmlText } from './xml-text.ts';

function seconds(ms: number | undefined): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

/** Under --strict an applicable MUST rule left unchecked fails the run, so CI sees it fail. */
function uncheckedUnderStrict(finding: Finding, strict: boolean): boolean {
  return strict && isUncheckedMust(finding);
}

/** The finding's text for a failure or the log, ending with where the rule is documented. */
function detailText(finding: Finding): string {
  const docs = finding.docs ?? [];
  const read = docs.length > 0 ? `\n\nDocumentation: ${docs.join(' ')}` : '';
  return `${findingText(finding)}${read}`;
}

/** What a testcase holds besides its name: a failure, a skip, or output for the log. */
function testcaseBody(finding: Finding, strict: boolean): string {
  if (finding.status === 'skipped') {
    if (uncheckedUnderStrict(finding, strict)) {
      return `      <failure message="${xmlAttr(finding.message)}" type="MUST rule not checked (--strict)">${xmlText(detailText(finding))}</failure>\n`;
    }
    return `      <skipped message="${xmlAttr(finding.message)}"/>\n`;
  }
  if (failsRun(finding, strict)) {
    const type = finding.level === 'SHOULD' ? 'SHOULD rule failed (--strict)' : 'MUST rule failed';
    return `      <failure message="${xmlAttr(finding.message)}" type="${xmlAttr(type)}">${xmlText(detailText(finding))}</failure>\n`;
  }
  let lead: string;
  switch (finding.status) {
    case 'pass':
      return '';
    case 'pass-with-warning':
      lead = 'Passed with a warning.';
      break;
    case 'info':
      lead = 'Information only: INFO results never fail the run.';
      break;
    default:
      lead =
        finding.level === 'SHOULD'
          ? 'SHOULD rule failed: a warning, which fails the run only under --strict.'
          : 'INFO rule failed: reported only, INFO rules never fail the run.';
  }
  return `      <system-out>${xmlText(`${lead}\n\n${detailText(finding)}`)}</system-out>\n`;
}

/**
 * junit.xml: one testsuite per rule group and one testcase per rule. A failure is a failed MUST
 * rule (and a failed SHOULD rule under --strict); warnings and info go to `<system-out>`.
 */
function renderJunit({ report, ruleChecks: checks }: PreparedReport): string {
  const groups = new Map<string, Finding[]>();
  for (const finding of report.results) {
    const group = ruleGroup(finding.ruleId);
    groups.set(group, [...(groups.get(group) ?? []), finding]);
  }
  const count = (findings: Finding[], predicate: (finding: Finding) => boolean) =>
    findings.filter(predicate).length;
  const isFailure = (finding: Finding) =>
    failsRun(finding, report.strict) || uncheckedUnderStrict(finding, report.strict);
  const isSkipped = (finding: Finding) =>
    finding.status === 'skipped' && !uncheckedUnderStrict(finding, report.strict);

  const suites = [...groups].map(([group, findings]) => {
    const cases = findings.map((finding) => {
      // The rule's short title reads best in a CI test list; reports without one use the check.
      const words = finding.title ?? checks[finding.ruleId];
      const name = words ? `${finding.ruleId} ${words}` : finding.ruleId;
      const body = testcaseBody(finding, report.strict);
      const open = `    <testcase classname="${xmlAttr(group)}" name="${xmlAttr(name)}" time="${seconds(finding.durationMs)}"`;
      return body ? `${open}>\n${body}    </testcase>\n` : `${open}/>\n`;
    });
    const time = findings.reduce((sum, finding) => sum + (finding.durationMs ?? 0), 0);
    return (
      `  <testsuite name="${xmlAttr(group)}" tests="${findings.length}" failures="${count(findings, isFailure)}" errors="0" skipped="${count(findings, isSkipped)}" time="${seconds(time)}" timestamp="${xmlAttr(report.startedAt)}">\n` +
      `${cases.join('')}  </testsuite>\n`
    );
  });

  const all = report.results;
  const name = `${report.tool.name} ${report.tool.version}`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="${xmlAttr(name)}" tests="${all.length}" failures="${count(all, isFailure)}" errors="0" skipped="${count(all, isSkipped)}" time="${seconds(report.durationMs)}">\n` +
    `${suites.join('')}</testsuites>\n`
  );
}

export const junitReporter = { fileName: 'junit.xml', render: renderJunit } satisfies Reporter;

/** junit.xml of a report not yet prepared (`junitReporter` renders a prepared one). */
export function renderJunitReport(input: ReportInput): string {
  return renderJunit(prepareInput(input));
}
