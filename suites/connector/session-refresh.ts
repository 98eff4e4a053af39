/**
 * UMS-13: the connector keeps serving beyond the end of its session. LivePerson sessions last
 * hours (the mock's default is 8 h) and node-agent-sdk refreshes every 10 minutes by default, so
 * what matters is whether the bot recovers when its session ends or a refresh is refused. The
 * harness restarts it with a short TTL (login `sessionTTl`, and TPB_SESSION_TTL_MS in its
 * environment), watches it past the TTL and then opens a conversation. Passing: it answers,
 * having either refreshed before the session expired, or logged in again after the session ended
 * or a refresh was answered 401. Failing: no answer after the TTL (it never came back).
 *
 * @see ../../../shared/spec/ums.md §4.2 (refresh), §1 (refresh answered 401)
 */
import { type Check, fail, pass } from '../../harness/checks/check.ts';
import type { Evidence } from '../../schemas/generated/evidence.ts';
import { connectorSession, type TtlResult } from './connector-session.ts';
import { describeStart, startEvidence } from './not-ready.ts';
import { ms } from './ums-frames.ts';

export const sessionRefreshCheck: Check = {
  ruleId: 'UMS-13',
  async run(context) {
    const session = connectorSession(context);
    const result = await session.ttl();
    const ttl = ms(result.ttlMs);
    const expected = `an answer after its ${ttl} session's end: a refresh ({csrf} and the session cookie) before it expires, or a new login once it ended or a refresh was answered 401`;
    const advice = `Recover when the session ends: with node-agent-sdk, call agent.reconnect() on "closed" and on an "error" with code 401 (a new login), and/or refresh before sessionTTl (refreshSessionInterval; TPB_SESSION_TTL_MS here).`;
    const evidence = (): Evidence[] => [
      timeline(result),
      ...startEvidence(session, result.ready),
      ...session.outputEvidence(),
    ];
    if (!result.ran || result.loginAt === undefined) {
      const actual = `the connector restarted with a ${ttl} TTL did not come online: ${describeStart(session, result.ready)}`;
      return fail(`UMS-13: expected ${expected}, got ${actual}. ${advice}`, {
        expected,
        actual,
        evidence: evidence(),
      });
    }
    const okRefreshes = result.refreshes.filter((r) => r.status !== undefined && r.status < 300);
    const refused = result.refreshes.filter((r) => r.status === 401);
    const expired = result.sessions.filter((record) => record.reason === 'expired');
    const answered = result.conversation?.turns[0]?.reply !== undefined;
    const watched = ms((result.watchedUntil ?? result.loginAt) - result.loginAt);

    if (!answered) {
      const outcome = result.connectedAtEnd
        ? `no answer to a conversation opened ${watched} after its login`
        : `no open socket ${watched} after its login`;
      const actual = `${outcome}: ${okRefreshes.length} refresh(es) answered 200, ${refused.length} answered 401${expired.length ? `; its session expired${relogins(result).length ? '' : ' and it did not log in again'}` : ''}`;
      return fail(`UMS-13: expected ${expected}, got ${actual}. ${advice}`, {
        expected,
        actual,
        evidence: evidence(),
      });
    }
    if (expired.length === 0 && okRefreshes.length > 0) {
      return pass(
        `UMS-13: the connector refreshed its session ${okRefreshes.length} time(s) within the ${ttl} TTL (first after ${ms((okRefreshes[0]?.at ?? result.loginAt) - result.loginAt)}), stayed logged in for ${watched} and answered.`,
        [timeline(result)],
      );
    }
    const again = relogins(result);
    if (again.length > 0) {
      const why = refused.length > 0 ? 'a refresh was answered 401' : 'its session ended';
      return pass(
        `UMS-13: ${why} (${ttl} TTL), and the connector logged in again ${again.length} time(s) and kept serving: it answered ${watched} after its first login.`,
        [timeline(result)],
      );
    }
    const actual = `it answered, but its session expired ${expired.length} time(s) and no new login or successful refresh was seen (refreshes answered ${result.refreshes.map((r) => r.status ?? 'nothing').join(', ') || 'none'})`;
    return fail(`UMS-13: expected ${expected}, got ${actual}. ${advice}`, {
      expected,
      actual,
      evidence: evidence(),
    });
  },
};

/** Logins after the first one of the restarted connector. */
function relogins(result: TtlResult): TtlResult['sessions'] {
  return result.sessions.filter(
    (record) => record.origin === 'login' && record.createdAt > (result.loginAt ?? 0),
  );
}

/** Logins, refreshes and session ends of the restarted connector, in order. */
function timeline(result: TtlResult): Evidence {
  const lines = [
    ...result.logins.map((r) => ({ at: r.at, text: `login → ${r.status ?? 'no answer'}` })),
    ...result.refreshes.map((r) => ({
      at: r.at,
      text: `refresh${r.sessionCookie ? ' (with session cookie)' : ' (no session cookie)'} → ${r.status ?? 'no answer'}`,
    })),
    ...result.sessions.flatMap((record) =>
      record.endedAt ? [{ at: record.endedAt, text: `session ended (${record.reason})` }] : [],
    ),
  ].sort((a, b) => a.at - b.at);
  return {
    kind: 'note',
    text: `Session TTL ${result.ttlMs} ms. ${lines.map((line) => `${new Date(line.at).toISOString()} ${line.text}`).join('\n') || 'No login or refresh.'}`,
  };
}
