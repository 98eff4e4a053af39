import { STATUS_CODES } from 'node:http';
import type { UMSErrorResponseBody } from '../../schemas/index.ts';
import { ConversationError } from '../platform/conversation-error.ts';

/**
 * The `errorCode`s the mock puts in `.ReqBody$ErrorResp` bodies: HTTP code × 100 + n (ums.md §10).
 * 40001 is LivePerson's "missing parameter"; the others are the mock's own, stable.
 */
export const umsErrorCodes = {
  /** The frame is not JSON, nested more than 1000 deep, not an object, binary, or not a request. */
  malformedFrame: 40000,
  /** `kind`, `id`, `type` or `body` is missing or of the wrong type. */
  missingParameter: 40001,
  /** The body does not match the schema of its request type. */
  invalidBody: 40002,
  /** The request type is not one the mock knows. */
  unknownType: 40003,
  /** The platform refused the request (closed conversation, unknown dialog, absent agent). */
  rejected: 40004,
  unauthorized: 40100,
  /** The caller is not a participant, or not the agent the request names. */
  forbidden: 40300,
  notFound: 40400,
  conflict: 40900,
  /** The frame is larger than `maxFrameBytes`. */
  frameTooLarge: 41300,
  /** A handler failed unexpectedly: a mock bug. */
  internal: 50000,
} as const;

/**
 * A request the mock answers with an error: its HTTP-like `code` and the `.ReqBody$ErrorResp`
 * body it renders as (STYLE rule 8).
 */
export class UmsRequestError extends Error {
  override readonly name = 'UmsRequestError';

  constructor(
    readonly code: number,
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }

  /** The body of the error response: `{title, details, errorCode}`. */
  toBody(): UMSErrorResponseBody {
    return {
      title: STATUS_CODES[this.code] ?? 'Error',
      details: this.message,
      errorCode: this.errorCode,
    };
  }

  /** Maps a ConversationError to its status; anything else is a mock bug, answered with 500. */
  static from(error: unknown): UmsRequestError {
    if (error instanceof UmsRequestError) return error;
    if (error instanceof ConversationError) {
      const errorCode = {
        400: umsErrorCodes.rejected,
        403: umsErrorCodes.forbidden,
        404: umsErrorCodes.notFound,
        409: umsErrorCodes.conflict,
      }[error.status];
      return new UmsRequestError(error.status, errorCode, error.message);
    }
    const detail = error instanceof Error ? error.message : String(error);
    return new UmsRequestError(
      500,
      umsErrorCodes.internal,
      `Failed to handle the request: ${detail}. This is a bug in the mock UMS; please report it.`,
    );
  }
}
