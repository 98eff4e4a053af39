/** The session behind a websocket: who logged in, and the bearer that is the socket's path token. */
export interface UmsSession {
  accountId: string;
  /** The agent's login `config.userId`. */
  userId: string;
  bearer: string;
}

/**
 * Where the UMS server learns which bearers are valid. The mock's session store implements it;
 * tests use a Map.
 *
 * @see docs/spec/ums.md#42-refresh-and-logout §4.2, §5.1, §11
 */
export interface UmsSessionSource {
  /** The live session of this bearer; undefined when it is unknown, expired or revoked. */
  byBearer(bearer: string): UmsSession | undefined;
  /** Calls `listener` whenever a session ends; the UMS server then closes its sockets with 4401. */
  onRevoked(listener: (session: UmsSession, reason: string) => void): void;
}
