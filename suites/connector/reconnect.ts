/**
 * UMS-12: after the mock cuts the socket (1006), closes it with 1011, and revokes the bearer and
 * closes with 4401, the connector reconnects — logging in again after 4401 — subscribes again,
 * sets ONLINE again and answers a new conversation within 60 s (configurable) of the fault. When
 * attempts fail on the way, it waits longer between successive failed attempts.
 *
 * @see docs/spec/ums.md#53-keep-alive-close-codes-reconnect §5.3 (close codes, reconnect), §10 (retry policy)
 */
import { type Check, fail, pass } from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { connectorSession, type RecoveryStep } from './connector-session.ts';
import { notConnected } from './not-ready.ts';
import { entriesEvidence, ms } from './ums-frames.ts';

const faultNames: Record<RecoveryStep['code'], string> = {
  1006: 'cut the socket without a close frame (1006)',
  1011: 'closed the socket with 1011',
  4401: 'revoked the bearer and closed the socket with 4401',
};

export const reconnectCheck: Check = {
  ruleId: 'UMS-12',
  async run(context) {
    const session = connectorSession(context);
    const result = await session.recovery();
    if (!result.ready.opened || !result.ran) {
      return notConnected('UMS-12', session, result.ready, 'how it recovers from a dropped socket');
    }
    const bound = ms(session.timings.recoverWithinMs);
    const expected = `a new socket (after a new login for 4401), SetAgentState ONLINE, a subscription and an answer within ${bound} of each fault, waiting longer between failed attempts`;
    const advice =
      'On "closed" call agent.reconnect() (a new login) with increasing delays (the SDK README: 5 s growing by ×1.25, a finite number of attempts), and on "connected" set ONLINE and subscribe again.';
    for (const step of result.steps) {
      const hammering = hammeringOf(step);
      if (step.failure || hammering) {
        const refused = step.attempts.filter((a) => a.what === 'upgrade' && !a.ok).length;
        const actual = step.failure
          ? `after the mock ${faultNames[step.code]}, ${step.failure} within ${bound}${step.code === 4401 && refused ? ` (${refused} upgrade(s) with the revoked bearer refused with 401)` : ''}${hammering ? `; ${hammering}` : ''}`
          : `after the mock ${faultNames[step.code]}, ${hammering}`;
        return fail(`UMS-12: expected ${expected}, got ${actual}. ${advice}`, {
          expected,
          actual,
          evidence: stepEvidence(session, step),
        });
      }
    }
    const summary = result.steps.map((step) => {
      const back = step.conversation?.turns[0]?.reply?.at ?? step.faultAt;
      return `${step.code}${step.login ? ' (new login)' : ''} answered again after ${ms(back - step.faultAt)}`;
    });
    return pass(
      `UMS-12: the connector came back from every fault: ${summary.join('; ')} (bound ${bound}).`,
    );
  },
};

/**
 * A complaint when the connector retried at least three times after failed attempts without
 * waiting longer each time (a constant or shrinking interval); undefined otherwise.
 */
function hammeringOf(step: RecoveryStep): string | undefined {
  // One attempt is a login or an upgrade; a failed one is followed by the next attempt.
  const failed = step.attempts.filter((attempt) => !attempt.ok);
  if (failed.length < 3) return undefined;
  const gaps = failed
    .slice(1)
    .map((attempt, index) => attempt.at - (failed[index]?.at ?? attempt.at));
  const growing = gaps.every((gap, index) => index === 0 || gap >= (gaps[index - 1] ?? 0) * 0.9);
  const first = gaps[0] ?? 0;
  const last = gaps.at(-1) ?? 0;
  // Timer jitter makes a fixed pace wobble: growing means clearly longer by the end (×1.2).
  if (growing && last >= first * 1.2 && last - first >= 50) return undefined;
  return `${failed.length} failed attempts at intervals of ${gaps.map(ms).join(', ')}, not growing`;
}

function stepEvidence(
  session: ReturnType<typeof connectorSession>,
  step: RecoveryStep,
): Evidence[] {
  const closes = session.recorder.entries.filter(
    (entry) =>
      entry.event === 'close' && entry.at >= step.faultAt - 5 && entry.at <= step.faultAt + 1000,
  );
  const after = session.recorder.entries.filter(
    (entry) =>
      entry.at > step.faultAt &&
      entry.at <= step.deadline &&
      (entry.event === 'open' || (entry.direction === 'received' && entry.event === 'frame')),
  );
  return [
    {
      kind: 'note',
      text: `At ${new Date(step.faultAt).toISOString()} the mock ${faultNames[step.code]} (${step.closed} socket(s)). Attempts after it:\n${
        step.attempts
          .map(
            (attempt) =>
              `${new Date(attempt.at).toISOString()} ${attempt.what} ${attempt.ok ? 'ok' : 'failed'}`,
          )
          .join('\n') || 'none'
      }`,
    },
    ...entriesEvidence([...closes, ...after], 10),
    ...session.outputEvidence(),
  ];
}
