import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { constantTimeEqual } from '../http/constant-time-equal.ts';
import type { Agent } from '../platform/account-directory.ts';
import { type Clock, type ClockTimer, systemClock } from '../platform/clock.ts';

/** A login session of an agent user, as the agentVep login service hands it out. */
export interface AgentSession {
  readonly accountId: string;
  /** The agent's `config.userId`. */
  readonly userId: string;
  /** The websocket path token. */
  readonly bearer: string;
  /** Sent back in refresh and logout bodies. */
  readonly csrf: string;
  /** Value of the `session_id` cookie. */
  readonly sessionId: string;
  /** `login`: POST /login; `bearer`: handed out by the test-control API (SDK bearer mode). */
  readonly origin: 'login' | 'bearer';
  readonly createdAt: number;
  /** Epoch ms; the session is dead from this instant on. Moved forward by each refresh. */
  readonly expiresAt: number;
}

/**
 * Why a session ended: `replaced` by a newer session of the same user (mock design, ums.md §11),
 * `logout`, `expired` (TTL passed, or the `expire()` fault), `revoked` by the test-control API.
 */
export type SessionEndReason = 'replaced' | 'logout' | 'expired' | 'revoked';

export interface AgentSessionEvents {
  /** A session began (login or issued bearer). */
  created: [session: AgentSession];
  /** A session ended; the UMS server closes its sockets with 4401. */
  revoked: [session: AgentSession, reason: SessionEndReason];
}

export interface AgentSessionsOptions {
  /** Session lifetime, moved forward by each refresh; default 8 h (`sessionTTl` "28800000"). */
  ttlMs?: number;
  clock?: Clock;
}

export const defaultSessionTtlMs = 8 * 60 * 60 * 1000;

interface SessionRecord {
  accountId: string;
  userId: string;
  bearer: string;
  csrf: string;
  sessionId: string;
  origin: 'login' | 'bearer';
  createdAt: number;
  expiresAt: number;
  timer: ClockTimer;
}

/**
 * The agent sessions of the mock cloud, with one active session per agent user: a new session
 * of a user ends the older one (`revoked` with reason `replaced`).
 *
 * @see docs/spec/ums.md#42-refresh-and-logout §4.2, §11
 * @example
 * const sessions = new AgentSessions({ clock });
 * sessions.on('revoked', (session, reason) => closeSockets(session.bearer, 4401));
 * const { bearer } = sessions.login(accountId, agent);
 */
export class AgentSessions extends EventEmitter<AgentSessionEvents> {
  readonly clock: Clock;
  #ttlMs: number;
  readonly #byBearer = new Map<string, SessionRecord>();
  readonly #bySessionId = new Map<string, SessionRecord>();
  /** Key `{accountId}.{userId}`: the old agent id. */
  readonly #byUser = new Map<string, SessionRecord>();

  constructor(options: AgentSessionsOptions = {}) {
    super();
    this.clock = options.clock ?? systemClock;
    this.#ttlMs = checkedTtl(options.ttlMs ?? defaultSessionTtlMs);
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }

  /** Sets the TTL of sessions created or refreshed from now on. */
  setTtl(ms: number): void {
    this.#ttlMs = checkedTtl(ms);
  }

  /** Starts a session after a successful login; ends the user's previous session. */
  login(accountId: string, agent: Agent): AgentSession {
    return this.#create(accountId, agent, 'login');
  }

  /** Starts a session without a login request (SDK bearer mode: `conf.token` + `conf.userId`). */
  issueBearer(accountId: string, agent: Agent): AgentSession {
    return this.#create(accountId, agent, 'bearer');
  }

  /** The live session of a bearer; undefined once it expired or was revoked. */
  byBearer(bearer: string): AgentSession | undefined {
    const record = this.#byBearer.get(bearer);
    return record && this.#isLive(record) ? snapshot(record) : undefined;
  }

  /** Live sessions, oldest first. */
  active(): AgentSession[] {
    return [...this.#byBearer.values()].filter((record) => this.#isLive(record)).map(snapshot);
  }

  /** Extends the session of the cookie by the TTL when the csrf matches; undefined otherwise. */
  refresh(accountId: string, csrf: string, sessionId: string): AgentSession | undefined {
    const record = this.#authorized(accountId, csrf, sessionId);
    if (!record) return undefined;
    record.expiresAt = this.clock.now() + this.#ttlMs;
    this.clock.clearTimeout(record.timer);
    record.timer = this.#scheduleExpiry(record);
    return snapshot(record);
  }

  /** Ends the session of the cookie when the csrf matches; false otherwise. */
  logout(accountId: string, csrf: string, sessionId: string): boolean {
    const record = this.#authorized(accountId, csrf, sessionId);
    if (record) this.#end(record, 'logout');
    return record !== undefined;
  }

  /** Fault control: the bearer stops working now (`revoked` with reason `expired`). */
  expire(bearer: string): boolean {
    return this.revoke(bearer, 'expired');
  }

  /** Test control: ends a live session; false when the bearer has none. */
  revoke(bearer: string, reason: SessionEndReason = 'revoked'): boolean {
    const record = this.#byBearer.get(bearer);
    if (!record || !this.#isLive(record)) return false;
    this.#end(record, reason);
    return true;
  }

  /** Drops every session and its timer, without events (the mock is stopping). */
  dispose(): void {
    for (const record of this.#byBearer.values()) this.clock.clearTimeout(record.timer);
    this.#byBearer.clear();
    this.#bySessionId.clear();
    this.#byUser.clear();
  }

  #create(accountId: string, agent: Agent, origin: 'login' | 'bearer'): AgentSession {
    const now = this.clock.now();
    const record: SessionRecord = {
      accountId,
      userId: agent.userId,
      bearer: randomBytes(32).toString('base64url'),
      csrf: randomBytes(16).toString('hex'),
      sessionId: randomBytes(24).toString('base64url'),
      origin,
      createdAt: now,
      expiresAt: now + this.#ttlMs,
      timer: { id: 0 },
    };
    record.timer = this.#scheduleExpiry(record);
    const previous = this.#byUser.get(userKey(accountId, agent.userId));
    this.#byBearer.set(record.bearer, record);
    this.#bySessionId.set(record.sessionId, record);
    this.#byUser.set(userKey(accountId, agent.userId), record);
    if (previous) this.#end(previous, this.#isLive(previous) ? 'replaced' : 'expired');
    const session = snapshot(record);
    this.emit('created', session);
    return session;
  }

  #authorized(accountId: string, csrf: string, sessionId: string): SessionRecord | undefined {
    const record = this.#bySessionId.get(sessionId);
    if (!record || record.accountId !== accountId || !this.#isLive(record)) return undefined;
    return constantTimeEqual(record.csrf, csrf) ? record : undefined;
  }

  #isLive(record: SessionRecord): boolean {
    return this.#byBearer.get(record.bearer) === record && this.clock.now() < record.expiresAt;
  }

  #scheduleExpiry(record: SessionRecord): ClockTimer {
    return this.clock.setTimeout(() => {
      if (this.#byBearer.get(record.bearer) === record) this.#end(record, 'expired');
    }, record.expiresAt - this.clock.now());
  }

  #end(record: SessionRecord, reason: SessionEndReason): void {
    this.clock.clearTimeout(record.timer);
    this.#byBearer.delete(record.bearer);
    this.#bySessionId.delete(record.sessionId);
    const key = userKey(record.accountId, record.userId);
    if (this.#byUser.get(key) === record) this.#byUser.delete(key);
    if (reason === 'expired') record.expiresAt = Math.min(record.expiresAt, this.clock.now());
    this.emit('revoked', snapshot(record), reason);
  }
}

function userKey(accountId: string, userId: string): string {
  return `${accountId}.${userId}`;
}

function snapshot(record: SessionRecord): AgentSession {
  const { timer: _timer, ...session } = record;
  return Object.freeze(session);
}

function checkedTtl(ms: number): number {
  if (!Number.isInteger(ms) || ms < 1) {
    throw new RangeError(
      `Failed to set the session TTL: expected a positive whole number of milliseconds, got ${ms}.`,
    );
  }
  return ms;
}
