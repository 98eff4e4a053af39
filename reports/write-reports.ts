import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkReport } from './check-report.ts';
import { htmlReporter } from './html-reporter.ts';
import { jsonReporter } from './json-reporter.ts';
import { junitReporter } from './junit-reporter.ts';
import { markdownReporter } from './markdown-reporter.ts';
import { prepareInput } from './prepare-report.ts';
import { ReportError } from './report-error.ts';
import type { ReportInput } from './report-input.ts';
import type { Reporter } from './reporter.ts';

/** Every format, in the order the files are written and listed. */
const reporters: readonly Reporter[] = [
  jsonReporter,
  junitReporter,
  htmlReporter,
  markdownReporter,
];

/**
 * Writes report.json, junit.xml, index.html and summary.md into `dir` (created if missing) and
 * returns their paths. The report is checked and prepared once (`checkReport`) and
 * every reporter renders that one; every file is rendered before any is written, so an invalid
 * report (`ReportError` `TPB_REPORT_INVALID`) leaves the directory untouched.
 *
 * @example
 * const { files } = await writeReports('tpb-report', { report, conversations, ruleChecks });
 */
export async function writeReports(dir: string, input: ReportInput): Promise<{ files: string[] }> {
  const prepared = prepareInput(input, checkReport);
  const rendered = reporters.map(
    (reporter) => [reporter.fileName, reporter.render(prepared)] as const,
  );
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
