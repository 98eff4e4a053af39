import type { PreparedReport } from './prepare-report.ts';

/**
 * One report format: the file it is written to and how it renders the run. `writeReports`
 * prepares the report once (validated, secrets redacted, bodies cut) and hands that same
 * prepared report to every reporter; a reporter never prepares it again.
 */
export interface Reporter {
  /** The file's name in the report directory: `junit.xml`. */
  readonly fileName: string;
  /** The file's content. */
  render(prepared: PreparedReport): string;
}
