import type { ControlErrorDetail, ValidationIssue } from '../../schemas/index.ts';

/** Codes the consumer simulator fails with; each is also a control-error code on the wire. */
export type ConsumerSimulatorErrorCode = Extract<
  ControlErrorDetail['code'],
  | 'UNKNOWN_SKILL'
  | 'NO_SKILL'
  | 'INVALID_CONSUMER_ID'
  | 'INVALID_EVENT'
  | 'CONVERSATION_NOT_FOUND'
  | 'CONVERSATION_CLOSED'
>;

/** The HTTP status the control API answers each code with. */
export const consumerSimulatorErrorStatus: Record<ConsumerSimulatorErrorCode, 400 | 404 | 409> = {
  UNKNOWN_SKILL: 400,
  NO_SKILL: 400,
  INVALID_CONSUMER_ID: 400,
  INVALID_EVENT: 400,
  CONVERSATION_NOT_FOUND: 404,
  CONVERSATION_CLOSED: 409,
};

/**
 * A request the consumer simulator refuses: an unknown skill, an unknown or closed conversation,
 * an event UMS would reject. Carries a stable code and renders itself as a control-error body.
 */
export class ConsumerSimulatorError extends Error {
  override readonly name = 'ConsumerSimulatorError';
  readonly status: 400 | 404 | 409;

  constructor(
    readonly code: ConsumerSimulatorErrorCode,
    message: string,
    readonly issues: ValidationIssue[] = [],
  ) {
    super(message);
    this.status = consumerSimulatorErrorStatus[code];
  }

  /** The control-error body: `{error: {code, message, issues?}}`. */
  toBody(): { error: ControlErrorDetail } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.issues.length > 0 ? { issues: this.issues } : {}),
      },
    };
  }
}
