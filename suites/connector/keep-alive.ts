/**
 * UMS-14: the connector keeps its socket alive with `.GetClock` at least every 60 s (30 s
 * recommended) or with websocket pings (node-agent-sdk pings at open and every 60 s). Judged on
 * every socket observed in the run: the longest silence without a ping or GetClock, from the
 * socket's open to its close (or now). A socket with no keep-alive yet is watched up to the bound.
 * Silences between the recommended period and the bound pass with a warning.
 *
 * @see docs/spec/ums.md#53-keep-alive-close-codes-reconnect §5.3 (keep-alive)
 */
import { type Check, fail, pass, warn } from '../../harness/index.ts';
import type { TrafficEntry } from '../../mocks/index.ts';
import { connectorSession } from './connector-session.ts';
import { notConnected } from './not-ready.ts';
import { entriesEvidence, isRequest, ms, umsTypes } from './ums-frames.ts';

interface SocketSilence {
  connectionId: string;
  openedAt: number;
  endedAt: number;
  keepAlives: TrafficEntry[];
  longest: number;
  /** Where the longest silence started. */
  from: number;
}

export const keepAliveCheck: Check = {
  ruleId: 'UMS-14',
  async run(context) {
    const session = connectorSession(context);
    const ready = await session.ready();
    if (!ready.opened) return notConnected('UMS-14', session, ready, 'its keep-alive');
    const { recorder, timings } = session;
    const bound = timings.keepAliveWithinMs;
    const tolerance = Math.max(50, bound * 0.02);
    const keepAlive = (entry: TrafficEntry) =>
      entry.direction === 'received' &&
      (entry.event === 'ping' || isRequest(entry, umsTypes.getClock));

    if (!recorder.entries.some(keepAlive)) {
      // Nothing yet: watch the newest open socket until a keep-alive comes or the bound passes.
      const open = new Set(recorder.openConnections());
      const current = recorder.entries.findLast(
        (entry) => entry.event === 'open' && open.has(entry.connectionId),
      );
      if (current) {
        await recorder.waitFor(
          () =>
            recorder.entries.some(
              (entry) => entry.connectionId === current.connectionId && keepAlive(entry),
            ) || !recorder.openConnections().includes(current.connectionId),
          // A little past the bound, so that a silent socket is over it when judged.
          current.at + bound + 2 * tolerance - Date.now(),
        );
      }
    }

    const now = Date.now();
    const sockets: SocketSilence[] = [];
    for (const opened of recorder.entries.filter((entry) => entry.event === 'open')) {
      const own = recorder.entries.filter((entry) => entry.connectionId === opened.connectionId);
      const closed = own.find((entry) => entry.event === 'close');
      const endedAt = closed?.at ?? now;
      const keepAlives = own.filter(keepAlive);
      const marks = [opened.at, ...keepAlives.map((entry) => entry.at), endedAt];
      let longest = 0;
      let from = opened.at;
      for (let index = 1; index < marks.length; index += 1) {
        const gap = (marks[index] ?? 0) - (marks[index - 1] ?? 0);
        if (gap > longest) {
          longest = gap;
          from = marks[index - 1] ?? opened.at;
        }
      }
      sockets.push({
        connectionId: opened.connectionId,
        openedAt: opened.at,
        endedAt,
        keepAlives,
        longest,
        from,
      });
    }
    const worst = sockets.reduce<SocketSilence | undefined>(
      (a, b) => (a && a.longest >= b.longest ? a : b),
      undefined,
    );
    const observed = sockets.reduce((sum, socket) => sum + (socket.endedAt - socket.openedAt), 0);
    const all = sockets.flatMap((socket) => socket.keepAlives);
    const pings = all.filter((entry) => entry.event === 'ping').length;
    const clocks = all.length - pings;
    const how = `${pings} ping(s) and ${clocks} GetClock request(s) over ${sockets.length} socket(s) watched for ${ms(observed)} in all`;
    if (!worst) return notConnected('UMS-14', session, ready, 'its keep-alive');
    if (worst.longest > bound + tolerance) {
      const actual = `${ms(worst.longest)} without a ping or GetClock on socket ${worst.connectionId} (from ${new Date(worst.from).toISOString()}); ${how}`;
      return fail(
        `UMS-14: expected a websocket ping or a .GetClock request at least every ${ms(bound)} (every ${ms(timings.keepAliveRecommendedMs)} recommended), got ${actual}. Send agent.getClock({}) every 30 s, or keep the SDK's pings.`,
        {
          expected: `a keep-alive at least every ${ms(bound)}`,
          actual,
          evidence: entriesEvidence(
            recorder.entries.filter(
              (entry) =>
                entry.connectionId === worst.connectionId &&
                (entry.event === 'open' || entry.event === 'close' || keepAlive(entry)),
            ),
          ),
        },
      );
    }
    if (worst.longest > timings.keepAliveRecommendedMs + tolerance) {
      return warn(
        `UMS-14: the connector kept its sockets alive (${how}); the longest silence was ${ms(worst.longest)}.`,
        [
          `The longest silence without a keep-alive was ${ms(worst.longest)}, within the ${ms(bound)} bound but over the recommended ${ms(timings.keepAliveRecommendedMs)}; send .GetClock every 30 s.`,
        ],
      );
    }
    return pass(
      `UMS-14: the connector kept its sockets alive (${how}); the longest silence was ${ms(worst.longest)} (bound ${ms(bound)}).`,
    );
  },
};
