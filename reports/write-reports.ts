import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderHtmlReport } from './html-reporter.ts';
import { renderJsonReport } from './json-reporter.ts';
import { renderJunitReport } from './junit-reporter.ts';
import { renderMarkdownSummary } from './markdown-reporter.ts';
import { renderPactContract } from './pact-reporter.ts';
import { ReportError } from './report-error.ts';
import type { ReportInput } from './report-input.ts';

/**
 * Writes report.json, junit.xml, index.html and summary.md into `dir` (created if missing) and
 * returns their paths; for a Custom Endpoint whose evidence holds a well-formed exchange, also
 * pact.json (`renderPactContract`). Every file is rendered before any is written, so an invalid
 * report (`ReportError` `TPB_REPORT_INVALID`) leaves the directory untouched.
 *
 * @example
 * const { files } = await writeReports('tpb-report', { report, conversations, ruleChecks });
 */
export async function writeReports(dir: string, input: ReportInput): Promise<{ files: string[] }> {
  const rendered: [string, string][] = [
    ['report.json', renderJsonReport(input)],
    ['junit.xml', renderJunitReport(input)],
    ['index.html', renderHtmlReport(input)],
    ['summary.md', renderMarkdownSummary(input)],
  ];
  const pact = renderPactContract(input);
  if (pact !== undefined) rendered.push(['pact.json', pact]);
  try {
    await mkdir(dir, { recursive: true });
    const files: string[] = [];
    for (const [name, content] of rendered) {
      const file = join(dir, name);
      await writeFile(file, content, 'utf8');
      files.push(file);
    }
    return { files };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ReportError(
      'TPB_REPORT_WRITE',
      `Failed to write reports to ${dir}: ${reason}. Check that the directory is writable, or choose another one.`,
      [],
      { cause },
    );
  }
}
