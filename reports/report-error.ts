import type { ValidationIssue } from '../schemas/index.ts';

/** Stable codes of the failures that stop reports from being written. */
export type ReportErrorCode = 'TPB_REPORT_INVALID' | 'TPB_REPORT_WRITE';

/**
 * A report could not be written: it does not match `schemas/report.schema.json` (a bug in what
 * built it) or the file system refused. Never used for a candidate that broke a rule.
 */
export class ReportError extends Error {
  override readonly name = 'ReportError';

  constructor(
    readonly code: ReportErrorCode,
    message: string,
    readonly issues: ValidationIssue[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
