/**
 * Every way the UMS client fails, by stable code, with what it means. The engine decides by
 * `code`; the messages are for people.
 */
export const umsClientErrorCodes = {
  /** CSDS did not answer 200 with `agentVep` and `asyncMessagingEnt` (ums.md §3). */
  UMS_CSDS_FAILED: 'the CSDS (Domain API) lookup failed',
  /** agentVep refused the login or answered without bearer, csrf or config (ums.md §4.1). */
  UMS_LOGIN_FAILED: 'the agentVep login failed',
  /** The websocket could not be opened: refused upgrade, TLS or network error (ums.md §5.1). */
  UMS_SOCKET_FAILED: 'the UMS websocket could not be opened',
  /** UMS answered a request with a code above 399 (ums.md §10). */
  UMS_REQUEST_FAILED: 'UMS answered a request with an error',
  /** No response arrived within `requestTimeoutMs` (ums.md §5.2). */
  UMS_REQUEST_TIMEOUT: 'a request got no response in time',
  /** The socket is closed, or closed before the response arrived, or the client was closed. */
  UMS_CLOSED: 'the UMS socket is closed',
  /** agentVep refused to refresh the session (ums.md §4.2). */
  UMS_REFRESH_FAILED: 'the session refresh failed',
  /** agentVep refused the logout for a reason other than an already ended session (ums.md §4.2). */
  UMS_LOGOUT_FAILED: 'the logout failed',
  /** A frame from UMS was not JSON or not a response or notification (ums.md §5.2). */
  UMS_PROTOCOL_ERROR: 'UMS sent a frame that breaks the protocol',
} as const;

export type UmsClientErrorCode = keyof typeof umsClientErrorCodes;

/** A UMS response: `{code, type, body}` of a `kind: "resp"` frame (ums.md §5.2). */
export interface UmsResponse<T = unknown> {
  code: number;
  type: string;
  body: T;
}

export interface UmsClientErrorDetails {
  /** HTTP status of a failed CSDS, login, refresh or logout call, or of a refused upgrade. */
  status?: number;
  /** The whole error response of a failed request (UMS_REQUEST_FAILED). */
  response?: UmsResponse;
  /** Wire type of the request that failed, timed out or was cut off. */
  requestType?: string;
  /** Close code of the socket (UMS_CLOSED). */
  closeCode?: number;
  cause?: unknown;
}

/**
 * The UMS client could not do what it was asked. Messages follow "Failed to <action>: <reason>.
 * <what to do>" and never contain the password, the bearer, the csrf or the session cookie.
 */
export class UmsClientError extends Error {
  override readonly name = 'UmsClientError';
  readonly status: number | undefined;
  readonly response: UmsResponse | undefined;
  readonly requestType: string | undefined;
  readonly closeCode: number | undefined;

  constructor(
    readonly code: UmsClientErrorCode,
    message: string,
    details: UmsClientErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.status = details.status;
    this.response = details.response;
    this.requestType = details.requestType;
    this.closeCode = details.closeCode;
  }
}

/** `text` with every secret (password, bearer, csrf, cookie) replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret) out = out.replaceAll(secret, '[redacted]');
  }
  return out;
}
