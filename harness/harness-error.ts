/** Stable codes of the failures that stop the harness from running (exit code 2). */
export type HarnessErrorCode =
  | 'TPB_USAGE'
  | 'TPB_UNKNOWN_COMMAND'
  | 'TPB_UNKNOWN_SCHEMA'
  | 'TPB_INPUT_UNREADABLE'
  | 'TPB_MOCK_START'
  | 'TPB_CONFIG'
  | 'TPB_UNREACHABLE'
  /** The Pact broker refused a request or answered what it should not. */
  | 'TPB_BROKER'
  | 'TPB_NO_CHECKS'
  | 'TPB_INTERNAL';

/**
 * The harness could not run: bad flags, bad config, unreadable input, an unreachable target.
 * Never used for a candidate that broke a rule: that is a finding, which is data.
 */
export class HarnessError extends Error {
  override readonly name = 'HarnessError';

  constructor(
    readonly code: HarnessErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
