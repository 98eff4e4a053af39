import { STATUS_CODES } from 'node:http';
import type { AgentVepErrorBody } from '../../schemas/index.ts';
import { type ErrorForm, HttpError } from '../http/http-router.ts';

/**
 * `internalCode` values of the mock login service. Only 10 (CSRF token invalid, on refresh) is
 * documented; the others are mock design, distinct so that a test can tell the failures apart.
 *
 * @see docs/spec/ums.md#41-login §4.1–4.2
 */
export const agentVepInternalCodes = {
  /** The body is not JSON, not an object, or none of the three login bodies. */
  badRequest: 1,
  /** The Content-Type is not JSON. */
  unsupportedMediaType: 2,
  /** The body is larger than the mock accepts. */
  payloadTooLarge: 3,
  /** No agent of the account matches the credentials (or the account is unknown). */
  badCredentials: 4,
  /** A path under a login route that names no operation. */
  notFound: 5,
  /** A method other than POST. */
  methodNotAllowed: 6,
  /** The mock failed: a bug of the mock, never the client's fault. */
  internal: 7,
  /** Refresh or logout without the session's csrf and cookie (documented value). */
  csrfInvalid: 10,
} as const;

/**
 * A failure of the login service in its wire form: status plus
 * `{error: {message, internalCode, time, responseStatus}}`. The body must carry `error`, since
 * node-agent-sdk 1.2.0 ignores the HTTP status of a login answer.
 */
export class AgentVepError extends HttpError {
  override readonly name = 'AgentVepError';
  declare readonly body: AgentVepErrorBody;

  constructor(status: number, internalCode: number, message: string, time: number) {
    super(status, {
      error: { message, internalCode, time, responseStatus: responseStatusOf(status) },
    });
  }
}

/** `401` → `UNAUTHORIZED`, `415` → `UNSUPPORTED_MEDIA_TYPE`, as Spring names statuses. */
function responseStatusOf(status: number): string {
  const name = STATUS_CODES[status] ?? 'Unknown';
  return name.toUpperCase().replace(/[^A-Z]+/g, '_');
}

/**
 * The router's own errors on the login paths (wrong method, malformed path, body too large, a
 * mock bug) as agentVep errors, timed by `now`.
 */
export function agentVepErrorForm(now: () => number): ErrorForm {
  return (status, message) => {
    const internalCode =
      status >= 500
        ? agentVepInternalCodes.internal
        : ({
            404: agentVepInternalCodes.notFound,
            405: agentVepInternalCodes.methodNotAllowed,
            413: agentVepInternalCodes.payloadTooLarge,
          }[status] ?? agentVepInternalCodes.badRequest);
    return new AgentVepError(
      status,
      internalCode,
      `Failed to read the request: ${message}.`,
      now(),
    );
  };
}
