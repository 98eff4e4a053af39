/**
 * CE-ROUTE-04: p95 latency of E2, E3 and E4 for a single conversation.
 *
 * @see docs/spec/custom-endpoint.md#84-timeouts-and-retries §8.4
 * @see docs/rules.md CE-ROUTE-04 (POLICY: 5 s, configurable)
 */

import { type CandidateResponse, type Check, fail, pass } from '../../harness/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import {
  type CeProbe,
  ceProbe,
  conversationBody,
  messagingLpEvent,
  newConvId,
  plainSentence,
  textContent,
  textEvent,
} from '../custom-endpoint-shared/index.ts';

export interface RouteLatencyOptions {
  /** The p95 limit; default 5000 ms. A run whose per-request timeout is lower uses that. */
  p95LimitMs?: number;
  /** Requests per route; default 10. */
  samples?: number;
}

/** The rule's default p95 limit (rules.md: "≤ 5 s (configurable)"). */
export const defaultP95LimitMs = 5000;

/** Nearest-rank percentile of durations; a request without an answer counts as endless. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

interface RouteMeasure {
  route: string;
  durations: number[];
  slowest?: CandidateResponse;
}

const ms = (value: number): string =>
  Number.isFinite(value) ? `${Math.round(value)} ms` : 'no answer';

/**
 * Measures `samples` sequential requests of one route; stops early once the p95 is certain to be
 * over the limit (enough samples are over it), which keeps a slow candidate's check short.
 */
async function measure(
  route: string,
  samples: number,
  limitMs: number,
  request: (index: number) => Promise<CandidateResponse>,
): Promise<RouteMeasure> {
  const rank = Math.ceil(0.95 * samples);
  const overToExceed = samples - rank + 1;
  const result: RouteMeasure = { route, durations: [] };
  let over = 0;
  for (let index = 0; index < samples && over < overToExceed; index += 1) {
    const response = await request(index);
    const duration = response.status === undefined ? Number.POSITIVE_INFINITY : response.durationMs;
    result.durations.push(duration);
    if (duration > limitMs) over += 1;
    if (!result.slowest || duration >= slowestOf(result.slowest)) result.slowest = response;
  }
  return result;
}

const slowestOf = (response: CandidateResponse): number =>
  response.status === undefined ? Number.POSITIVE_INFINITY : response.durationMs;

/** The CE-ROUTE-04 check with its limit and sample count. */
export function createRouteLatencyCheck(options: RouteLatencyOptions = {}): Check {
  const samples = options.samples ?? 10;
  return {
    ruleId: 'CE-ROUTE-04',
    async run(context) {
      const got = await ceProbe('CE-ROUTE-04', context);
      if ('outcome' in got) return got.outcome;
      const { probe } = got;
      // A p95 over the run's own per-request timeout cannot be "fast enough" either.
      const limitMs = Math.min(options.p95LimitMs ?? defaultP95LimitMs, context.timeoutMs);
      const measures = await measureRoutes(
        probe,
        samples,
        limitMs,
        plainSentence(context.utterances),
      );
      const lines = measures.map(
        (m) =>
          `${m.route}: p95 ${ms(percentile(m.durations, 95))}, median ${ms(percentile(m.durations, 50))}, max ${ms(Math.max(...m.durations))} over ${m.durations.length} request${m.durations.length === 1 ? '' : 's'}`,
      );
      const note: Evidence = {
        kind: 'note',
        text: `Latency (limit ${limitMs} ms): ${lines.join('; ')}.`,
      };
      const over = measures.filter((m) => percentile(m.durations, 95) > limitMs);
      if (over.length > 0) {
        const actual = over
          .map((m) => `${m.route} p95 ${ms(percentile(m.durations, 95))}`)
          .join('; ');
        const evidence: Evidence[] = [note];
        for (const m of over) if (m.slowest) evidence.push(m.slowest.evidence);
        return fail(
          `CE-ROUTE-04: expected a p95 latency of at most ${limitMs} ms for E2, E3 and E4 of one conversation, got ${actual}. Answer faster: the consumer waits for every reply, and slow answers risk the platform's 60 s timeout.`,
          { expected: `p95 ≤ ${limitMs} ms`, actual, evidence },
        );
      }
      return pass(`CE-ROUTE-04: ${lines.join('; ')} (limit ${limitMs} ms).`, [note]);
    },
  };
}

/** E2 repeatedly, E3 for fresh conversations, E4 repeatedly on the first one. */
async function measureRoutes(
  probe: CeProbe,
  samples: number,
  limitMs: number,
  sentence: string,
): Promise<RouteMeasure[]> {
  const convIds = Array.from({ length: samples }, newConvId);
  const [convId = newConvId()] = convIds;
  const state = await measure('E2', samples, limitMs, () => probe.state());
  const put = await measure('E3', samples, limitMs, (index) =>
    probe.put(convIds[index] ?? newConvId(), conversationBody()),
  );
  const post = await measure('E4', samples, limitMs, (index) =>
    probe.post(convId, textEvent(sentence, messagingLpEvent(convId, textContent(sentence), index))),
  );
  return [state, put, post];
}

export const routeLatencyCheck: Check = createRouteLatencyCheck();
