import type { ControlTranscript, Report } from '../schemas/index.ts';

/**
 * What every reporter reads: the report itself, the conversations the run had (as the mock
 * platform recorded them) and the check sentence of each rule, for names and tables.
 */
export interface ReportInput {
  report: Report;
  /** Transcripts of the conversations the run drove, shown as chats in index.html. */
  conversations?: ControlTranscript[];
  /** Rule ID → the rule's check sentence from the catalogue. */
  ruleChecks?: Record<string, string>;
}
