import type { OAuthTokenErrorResponse } from '../../schemas/index.ts';
import { type ErrorForm, HttpError } from '../http/http-router.ts';

export type OAuthErrorCode = OAuthTokenErrorResponse['error'];

/** Headers of every token endpoint response (RFC 6749 §5.1): a token or its error is never cached. */
export const tokenResponseHeaders: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  pragma: 'no-cache',
});

/**
 * A failed token request in its wire form (RFC 6749 §5.2): status, `{error, error_description}`
 * and the headers to send with it. Descriptions name parameters, never their values, so that no
 * credential (even one sent in the wrong field) is echoed.
 */
export class OAuthError extends HttpError {
  override readonly name = 'OAuthError';
  declare readonly body: OAuthTokenErrorResponse;

  constructor(
    status: number,
    readonly code: OAuthErrorCode,
    description: string,
  ) {
    // `Cache-Control: no-store` always; on 401 the challenge RFC 6749 §5.2 and RFC 9110 ask for.
    super(
      status,
      { error: code, error_description: description },
      status === 401
        ? { ...tokenResponseHeaders, 'www-authenticate': 'Basic realm="Sentinel", charset="UTF-8"' }
        : { ...tokenResponseHeaders },
    );
  }
}

/**
 * The router's own errors under `/sentinel` (wrong method, unknown path, malformed path, body too
 * large) as RFC 6749 §5.2 `invalid_request`. A 5xx, the mock's own bug, says `server_error`
 * (RFC 6749 §4.1.2.1), the one OAuth code for a server fault.
 */
export const oauthErrorForm: ErrorForm = (status, message) =>
  status >= 500
    ? new HttpError(
        status,
        { error: 'server_error', error_description: 'The mock Sentinel failed.' },
        { ...tokenResponseHeaders },
      )
    : new OAuthError(status, 'invalid_request', `${message}.`);
