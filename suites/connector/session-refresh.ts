/**
 * UMS-13: the connector stays authenticated beyond the session TTL the mock issues. The harness
 * restarts it with a short TTL (login `sessionTTl`, and TPB_SESSION_TTL_MS in its environment),
 * watches it past the TTL and then opens a conversation. Passing: refreshes with `{csrf}` and the
 * session cookie (answered 200) before the session expires. Also accepted (with a warning): the
 * session lapsed, a refresh was answered 401, and it logged in again. Failing: no refresh at all,
 * or no answer after the TTL.
 *
 * @see ../../../shared/spec/ums.md §4.2 (refresh), §1 (refresh answered 401)
 */
import { type Check, fail, pass, warn } from '../../harness/checks/check.ts';
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
    const expected = `POST /api/account/{accountId}/refresh with {csrf} and the session_id cookie before the ${ttl} session expires (or a new login after a refresh answered 401), and answers after the TTL`;
    const advice = `Refresh before the session TTL the login returns (sessionTTl; TPB_SESSION_TTL_MS here): with node-agent-sdk set refreshSessionInterval below it, and on an "error" with code 401 call agent.reconnect().`;
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

    if (result.refreshes.length === 0) {
      const actual = `no refresh request in the ${watched} after its login${expired.length ? `; its session expired at ${new Date(expired[0]?.endedAt ?? 0).toISOString()}` : ''}${answered ? ' (it answered again after logging in anew, but never refreshed)' : ''}`;
      return fail(`UMS-13: expected ${expected}, got ${actual}. ${advice}`, {
        expected,
        actual,
        evidence: evidence(),
      });
    }
    if (!answered) {
      const outcome = result.connectedAtEnd
        ? `no answer to a conversation opened ${watched} after its login`
        : `no open socket ${watched} after its login`;
      const actual = `${okRefreshes.length} refresh(es) answered 200 and ${refused.length} answered 401, but ${outcome}${expired.length ? ` (its session expired${refused.length ? '' : ' and it did not log in again'})` : ''}`;
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
    const relogin = result.sessions.find(
      (record) => record.origin === 'login' && refused.some((r) => r.at <= record.createdAt),
    );
    if (refused.length > 0 && relogin) {
      return warn(
        `UMS-13: a refresh of the connector was answered 401 and it logged in again, then answered.`,
        [
          `${expired.length ? `Its ${ttl} session expired before a refresh succeeded` : 'A refresh was refused'}; logging in again after a 401 refresh is accepted, but refreshing ({csrf} + session cookie) before expiry keeps it online without a gap.`,
        ],
        [timeline(result)],
      );
    }
    const actual = `its session expired ${expired.length} time(s) (refreshes answered ${result.refreshes.map((r) => r.status ?? 'nothing').join(', ')})${refused.length ? ' and it did not log in again after a 401' : ''}`;
    return fail(`UMS-13: expected ${expected}, got ${actual}. ${advice}`, {
      expected,
      actual,
      evidence: evidence(),
    });
  },
};

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
