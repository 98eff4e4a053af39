/**
 * A request the platform refuses: not found, not a participant, malformed. Carries the HTTP-like
 * status UMS answers with (`ums.md` §10); the websocket layer renders it as `.ReqBody$ErrorResp`.
 */
export class ConversationError extends Error {
  override readonly name = 'ConversationError';

  constructor(
    readonly status: 400 | 403 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}
