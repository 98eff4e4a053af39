/**
 * UMS-04: a connector that takes conversations through routing tasks accepts each WAITING ring
 * with UpdateRingState `ACCEPTED` for that `ringId` before `ringExpiration`. Rings the platform
 * cancelled itself are not held against it. A ring still waiting when the harness stopped waiting
 * for the conversation to be answered counts as not accepted.
 *
 * @see docs/spec/ums.md#84-routing-tasks §8.4 (ring lifecycle), §11
 */
import { type Check, fail, notApplicable, pass, skipped } from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import type { RingRecord } from './connector-recorder.ts';
import { connectorSession } from './connector-session.ts';
import { notConnected } from './not-ready.ts';
import { bodyOf, entriesEvidence, isRequest, ms, umsTypes } from './ums-frames.ts';

export const ringAcceptCheck: Check = {
  ruleId: 'UMS-04',
  async run(context) {
    const session = connectorSession(context);
    const result = await session.conversations();
    if (!result.ready.opened) {
      return notConnected('UMS-04', session, result.ready, 'how it answers rings');
    }
    const { recorder } = session;
    const subscribed = recorder.entries.some((entry) =>
      isRequest(entry, umsTypes.subscribeRoutingTasks),
    );
    if (!subscribed) {
      return notApplicable(
        'UMS-04: the connector does not use routing tasks (it sent no SubscribeRoutingTasks), so no ring was offered to it.',
      );
    }
    const rings = [...recorder.rings.values()].filter(
      (ring) => ring.states[0]?.state === 'WAITING',
    );
    if (rings.length === 0) {
      return skipped(
        'UMS-04: no ring was offered to the connector: it subscribed to routing tasks but was never ONLINE with a free slot while a conversation waited (see UMS-03).',
      );
    }
    const judged = rings.map((ring) => ({ ring, problem: problemOf(ring, result.finishedAt) }));
    const bad = judged.filter((entry) => entry.problem !== undefined);
    if (bad.length > 0) {
      const first = bad[0] as { ring: RingRecord; problem: string };
      const answers = recorder.entries.filter(
        (entry) =>
          isRequest(entry, umsTypes.updateRingState) &&
          bad.some(({ ring }) => bodyOf(entry)?.ringId === ring.ringId),
      );
      const responses = answers.flatMap((entry) => {
        const response = recorder.responseTo(entry);
        return response ? [response] : [];
      });
      const evidence: Evidence[] = [
        ...bad.slice(0, 5).map(({ ring, problem }) => ({
          kind: 'note' as const,
          text: `Ring ${ring.ringId} (conversation ${ring.conversationId}, ringExpiration ${ring.ringExpiration} ms): ${problem}. States: ${ring.states.map((s) => `${s.state} at ${new Date(s.at).toISOString()}`).join(', ')}.`,
        })),
        ...entriesEvidence([...answers, ...responses].sort((a, b) => a.seq - b.seq)),
      ];
      return fail(
        `UMS-04: expected every WAITING ring to be accepted with UpdateRingState {ringId, ringState: "ACCEPTED"} before ringExpiration, got ${bad.length} of ${rings.length} not accepted (${first.problem} for ring ${first.ring.ringId}). Answer each RoutingTaskNotification ring in state WAITING with updateRingState({ringId, ringState: "ACCEPTED"}).`,
        {
          expected: 'UpdateRingState ACCEPTED for each WAITING ring before ringExpiration',
          actual: first.problem,
          evidence,
        },
      );
    }
    const accepted = judged.filter(({ ring }) => ring.states.some((s) => s.state === 'ACCEPTED'));
    const slowest = Math.max(0, ...accepted.map(({ ring }) => acceptedAfter(ring) ?? 0));
    return pass(
      `UMS-04: the connector accepted ${accepted.length} ring(s), the slowest ${ms(slowest)} after it was offered (ringExpiration ${ms(rings[0]?.ringExpiration ?? 0)}).`,
    );
  },
};

/** Why a ring does not count as accepted in time; undefined when it was (or was cancelled). */
function problemOf(ring: RingRecord, watchedUntil: number): string | undefined {
  const states = ring.states.map((state) => state.state);
  if (states.includes('ACCEPTED')) return undefined;
  // The platform withdrew it (the conversation closed or moved): nothing to hold against the bot.
  if (states.includes('CANCELLED')) return undefined;
  if (states.includes('REJECTED')) return 'it was rejected';
  if (states.includes('EXPIRED')) return `it expired after ${ms(ring.ringExpiration)} unanswered`;
  const waited = watchedUntil - (ring.states[0]?.at ?? watchedUntil);
  return `it was still unanswered after ${ms(waited)}, when the harness stopped waiting`;
}

function acceptedAfter(ring: RingRecord): number | undefined {
  const offered = ring.states[0]?.at;
  const accepted = ring.states.find((state) => state.state === 'ACCEPTED')?.at;
  return offered === undefined || accepted === undefined ? undefined : accepted - offered;
}
