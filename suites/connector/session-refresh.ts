/**
 * UMS-13: the connector keeps serving when its session ends. LivePerson sessions last hours (login
 * `sessionTTl`, 8 h; the mock's default too) and node-agent-sdk refreshes every 10 minutes by
 * default, so what matters is whether the bot recovers when its session ends or a refresh is
 * refused. The harness restarts it under the TTL of the run (TPB_SESSION_TTL_MS in its
 * environment) and then:
 *
 * - `end` (a TTL too long to watch, such as the 8 h default): once it is online, the mock ends its
 *   session as at the end of a TTL: the socket closes with 4401, and the refresh and upgrades with
 *   the old credentials are answered 401.
 * - `expiry` (a short TTL, configured): the TTL runs out by itself unless the connector refreshes.
 *
 * Passing: it refreshed and its session never ended, and it answers a new conversation; or, after
 * the end, it logged in again, opened a socket with the new bearer, set ONLINE, subscribed and
 * answered a new conversation within the recovery bound (60 s). Failing: anything short of that.
 *
 * @see docs/decisions/0006-session-lifetime.md
 * @see LivePerson's Login Service API (Refresh) and node-agent-sdk README (`closed`, `error`)
 */
import { type Check, fail, pass } from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { connectorSession, type TtlResult } from './connector-session.ts';
import { describeStart, startEvidence } from './not-ready.ts';
import { ms } from './ums-frames.ts';

export const sessionRefreshCheck: Check = {
  ruleId: 'UMS-13',
  async run(context) {
    const session = connectorSession(context);
    const result = await session.ttl();
    const ttl = duration(result.ttlMs);
    const bound = ms(session.timings.recoverWithinMs);
    const again = `a new login, a socket with the new bearer that sets ONLINE and subscribes, and an answer to a new conversation within ${bound}`;
    const expected =
      result.mode === 'end'
        ? `after the mock ended its session (as when its ${ttl} TTL runs out: socket closed with 4401, refresh answered 401), ${again}`
        : `a refresh ({csrf} and the session cookie) before its ${ttl} session expires, or else, once it expired, ${again}`;
    const advice = `Recover when the session ends: with node-agent-sdk, call agent.reconnect() (a new login) on "closed" with 4401, 4407 or 1011 and on an "error" with code 401, and set ONLINE and subscribe again on "connected"; refreshing before sessionTTl (refreshSessionInterval) keeps a session alive but does not replace recovering.`;
    const failure = (actual: string) =>
      fail(`UMS-13: expected ${expected}, got ${actual}. ${advice}`, {
        expected,
        actual,
        evidence: [
          timeline(result),
          ...startEvidence(session, result.ready),
          ...session.outputEvidence(),
        ],
      });

    if (!result.ran || result.loginAt === undefined) {
      return failure(
        `the connector restarted with a ${ttl} TTL did not come online: ${describeStart(session, result.ready)}`,
      );
    }
    const okRefreshes = result.refreshes.filter((r) => r.status !== undefined && r.status < 300);
    const refused = result.refreshes.filter((r) => r.status === 401);
    const counts = `${okRefreshes.length} refresh(es) answered 200, ${refused.length} answered 401`;
    const exit = session.process?.exit;
    const exited = exit && !session.process?.stopRequested ? '; the process exited' : '';
    const answer = result.conversation?.turns[0]?.reply;

    if (result.endedAt === undefined) {
      // Only in `expiry` mode: the session outlived the watch.
      const watched = ms((result.watchedUntil ?? result.loginAt) - result.loginAt);
      if (!answer) {
        const outcome = result.conversation
          ? `no answer to a conversation opened ${watched} after its login`
          : `no open socket ${watched} after its login`;
        return failure(`${outcome}: ${counts}${exited}`);
      }
      const relogins = result.sessions.filter(
        (record) => record.origin === 'login' && record.createdAt > (result.loginAt ?? 0),
      );
      const how =
        okRefreshes.length > 0
          ? `refreshed its session ${okRefreshes.length} time(s) within the ${ttl} TTL (first after ${ms((okRefreshes[0]?.at ?? result.loginAt) - result.loginAt)})`
          : `kept a live session by logging in again ${relogins.length} time(s) within the ${ttl} TTL`;
      return pass(`UMS-13: the connector ${how}, stayed logged in for ${watched} and answered.`, [
        timeline(result),
      ]);
    }

    const endedAt = result.endedAt;
    const since = (at: number) => ms(Math.max(0, at - endedAt));
    const ended =
      result.mode === 'end'
        ? 'the mock ended its session'
        : `its session expired (${ttl} TTL${refused.length ? '; a refresh was answered 401' : ''})`;
    if (!result.relogin) {
      return failure(
        `no open socket ${bound} after ${ended}: ${counts}; its session expired and it did not log in again${exited}`,
      );
    }
    const { relogin } = result;
    const relogins = result.sessions.filter(
      (record) => record.origin === 'login' && record.createdAt >= relogin.createdAt,
    );
    const loggedIn = `it logged in again after ${since(relogin.createdAt)}`;
    if (!result.reconnected) {
      const refusedUpgrades = session.recorder.upgrades.filter(
        (upgrade) => upgrade.at >= endedAt && !upgrade.accepted,
      ).length;
      return failure(
        `no open socket ${bound} after ${ended}: ${loggedIn}, but opened no socket with the new bearer (${refusedUpgrades} upgrade(s) refused)${exited}`,
      );
    }
    const socket = result.reconnected.connectionId;
    if (!result.online || !result.subscribed) {
      const missing = [
        !result.online && 'SetAgentState ONLINE',
        !result.subscribed && 'a subscription',
      ]
        .filter(Boolean)
        .join(' and ');
      return failure(
        `${loggedIn} and opened socket ${socket} after ${since(result.reconnected.at)}, but ${missing} did not follow on it within ${bound} of the end${exited}`,
      );
    }
    if (!answer) {
      const opened = result.conversation ? since(result.conversation.openedAt) : bound;
      return failure(
        `no answer to a conversation opened ${opened} after ${ended} within ${bound}: ${loggedIn} and came back ONLINE on socket ${socket}${exited}`,
      );
    }
    const why =
      result.mode === 'end'
        ? `the mock ended its session (as when its ${ttl} TTL runs out)`
        : refused.length > 0
          ? `a refresh was answered 401 (${ttl} TTL)`
          : `its session ended (${ttl} TTL)`;
    return pass(
      `UMS-13: ${why}, and the connector logged in again ${relogins.length} time(s) and kept serving: ONLINE and subscribed again after ${since(Math.max(result.online.at, result.subscribed.at))}, and it answered a new conversation ${since(answer.at)} after the end (bound ${bound}).`,
      [timeline(result)],
    );
  },
};

/** A TTL in the unit a person would say it in: "8 h", "30 s", "600 ms". */
function duration(value: number): string {
  const hours = value / 3_600_000;
  if (Number.isInteger(hours)) return `${hours} h`;
  const minutes = value / 60_000;
  if (Number.isInteger(minutes)) return `${minutes} min`;
  return ms(value);
}

/** Logins, refreshes, the session's end, socket closes and opens of the restarted connector, in order. */
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
    ...(result.closes ?? []).map((entry) => ({
      at: entry.at,
      text: `socket ${entry.connectionId} closed with ${entry.code ?? 'no code'}`,
    })),
    ...(result.reconnected
      ? [{ at: result.reconnected.at, text: `socket ${result.reconnected.connectionId} opened` }]
      : []),
  ].sort((a, b) => a.at - b.at);
  const end =
    result.mode === 'end'
      ? ` The TTL is too long to watch: the harness ended the session after the connector's start.`
      : '';
  return {
    kind: 'note',
    text: `Session TTL ${result.ttlMs} ms.${end}\n${lines.map((line) => `${new Date(line.at).toISOString()} ${line.text}`).join('\n') || 'No login or refresh.'}`,
  };
}
