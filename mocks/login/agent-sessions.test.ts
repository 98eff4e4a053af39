// Spec: ums.md §4.2 (session = user, bearer, csrf, cookie, expiry moved by refresh) and §11 (one
// active session per agent user; the older one is revoked and its sockets closed with 4401).
import { describe, expect, it } from 'vitest';
import { AccountDirectory, type Agent } from '../platform/account-directory.ts';
import { ManualClock } from '../platform/clock.ts';
import { type AgentSession, AgentSessions, type SessionEndReason } from './agent-sessions.ts';

const accountId = '12345678';
const hour = 60 * 60 * 1000;

function setup(ttlMs?: number) {
  const clock = new ManualClock();
  const sessions = new AgentSessions(ttlMs === undefined ? { clock } : { clock, ttlMs });
  const directory = new AccountDirectory(accountId);
  const bot = directory.addAgent({ loginName: 'bot', isBot: true });
  const other = directory.addAgent({ loginName: 'other', isBot: true });
  const revoked: [AgentSession, SessionEndReason][] = [];
  sessions.on('revoked', (session, reason) => revoked.push([session, reason]));
  return { clock, sessions, bot, other, revoked };
}

const login = (sessions: AgentSessions, agent: Agent) => sessions.login(accountId, agent);

describe('AgentSessions', () => {
  it('creates a live session with distinct random bearer, csrf and session id', () => {
    const { clock, sessions, bot } = setup();
    const session = login(sessions, bot);
    expect(session).toMatchObject({ accountId, userId: bot.userId, origin: 'login' });
    expect(new Set([session.bearer, session.csrf, session.sessionId]).size).toBe(3);
    expect(session.bearer).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(session.expiresAt).toBe(clock.now() + 8 * hour);
    expect(sessions.byBearer(session.bearer)).toEqual(session);
    expect(login(sessions, bot).bearer).not.toBe(session.bearer);
  });

  it('revokes the older session of the same user on a new login (one session per user)', () => {
    const { sessions, bot, other, revoked } = setup();
    const first = login(sessions, bot);
    const unrelated = login(sessions, other);
    const second = login(sessions, bot);
    expect(revoked).toEqual([[first, 'replaced']]);
    expect(sessions.byBearer(first.bearer)).toBeUndefined();
    expect(sessions.byBearer(second.bearer)).toBeDefined();
    expect(sessions.byBearer(unrelated.bearer)).toBeDefined();
    expect(sessions.active().map((session) => session.bearer)).toEqual([
      unrelated.bearer,
      second.bearer,
    ]);
  });

  it('applies the one-session rule to bearers issued without a login (SDK bearer mode)', () => {
    const { sessions, bot, revoked } = setup();
    const loggedIn = login(sessions, bot);
    const issued = sessions.issueBearer(accountId, bot);
    expect(issued.origin).toBe('bearer');
    expect(revoked).toEqual([[loggedIn, 'replaced']]);
    expect(sessions.byBearer(issued.bearer)).toBeDefined();
  });

  it('expires a session at its TTL and emits revoked with reason "expired"', () => {
    const { clock, sessions, bot, revoked } = setup(hour);
    const session = login(sessions, bot);
    clock.advance(hour - 1);
    expect(sessions.byBearer(session.bearer)).toBeDefined();
    clock.advance(1);
    expect(sessions.byBearer(session.bearer)).toBeUndefined();
    expect(revoked).toEqual([[{ ...session, expiresAt: clock.now() }, 'expired']]);
  });

  it('moves the expiry forward on refresh with the right csrf and cookie', () => {
    const { clock, sessions, bot, revoked } = setup(hour);
    const session = login(sessions, bot);
    clock.advance(hour / 2);
    const refreshed = sessions.refresh(accountId, session.csrf, session.sessionId);
    expect(refreshed?.expiresAt).toBe(clock.now() + hour);
    clock.advance(hour - 1);
    expect(sessions.byBearer(session.bearer)).toBeDefined();
    expect(revoked).toEqual([]);
    clock.advance(1);
    expect(sessions.byBearer(session.bearer)).toBeUndefined();
    expect(revoked.map(([, reason]) => reason)).toEqual(['expired']);
  });

  it('refuses a refresh with a wrong csrf, cookie or account, and after expiry', () => {
    const { clock, sessions, bot } = setup(hour);
    const session = login(sessions, bot);
    expect(sessions.refresh(accountId, `${session.csrf}x`, session.sessionId)).toBeUndefined();
    expect(sessions.refresh(accountId, session.csrf, 'no-such-cookie')).toBeUndefined();
    expect(sessions.refresh('999', session.csrf, session.sessionId)).toBeUndefined();
    expect(sessions.refresh(accountId, session.bearer, session.sessionId)).toBeUndefined();
    clock.advance(hour);
    expect(sessions.refresh(accountId, session.csrf, session.sessionId)).toBeUndefined();
  });

  it('ends a session on logout with the right csrf only', () => {
    const { sessions, bot, revoked } = setup();
    const session = login(sessions, bot);
    expect(sessions.logout(accountId, 'wrong', session.sessionId)).toBe(false);
    expect(sessions.logout(accountId, session.csrf, session.sessionId)).toBe(true);
    expect(revoked).toEqual([[session, 'logout']]);
    expect(sessions.byBearer(session.bearer)).toBeUndefined();
    expect(sessions.logout(accountId, session.csrf, session.sessionId)).toBe(false);
  });

  it('expire() stops a bearer at once and emits revoked with reason "expired"', () => {
    const { clock, sessions, bot, revoked } = setup();
    const session = login(sessions, bot);
    expect(sessions.expire(session.bearer)).toBe(true);
    expect(sessions.byBearer(session.bearer)).toBeUndefined();
    expect(revoked).toEqual([[{ ...session, expiresAt: clock.now() }, 'expired']]);
    expect(sessions.expire(session.bearer)).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('emits created for every new session and leaves no timer after dispose()', () => {
    const { clock, sessions, bot, other } = setup();
    const created: AgentSession[] = [];
    sessions.on('created', (session) => created.push(session));
    const first = login(sessions, bot);
    const second = sessions.issueBearer(accountId, other);
    expect(created).toEqual([first, second]);
    sessions.dispose();
    expect(clock.pendingTimers).toBe(0);
    expect(sessions.active()).toEqual([]);
  });

  it('uses a TTL set later for sessions created afterwards and rejects a non-positive TTL', () => {
    const { clock, sessions, bot } = setup();
    sessions.setTtl(1000);
    expect(login(sessions, bot).expiresAt).toBe(clock.now() + 1000);
    expect(() => sessions.setTtl(0)).toThrow(RangeError);
  });
});
