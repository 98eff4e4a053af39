import type { PreparedReport } from './prepare-report.ts';

/**
 * One report format: the file it is written to and how it renders the run. `writeReports`
 * prepares the report once (validated, secrets redacted, bodies cut) and hands that same
 * prepared report to every reporter; a reporter never prepares it again.
 */
export interface Reporter {
  /** The file's name in the report directory: `junit.xml`. */
  readonly fileName: string;
  /** The file's content, or undefined when the format has nothing to say of this run. */
  render(prepared: PreparedReport): string | undefined;
}
