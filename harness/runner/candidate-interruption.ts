import {
  type CustomEndpointRoute,
  customEndpointRouteOf,
  exchangeEvidence,
  type VendorCallGate,
  type VendorHttpResult,
} from '../../mocks/index.ts';
import type { HTTPEvidence } from '../../schemas/index.ts';

/** The Custom Endpoint route a URL is for, or `other`. */
type Route = CustomEndpointRoute | 'other';

/** When a route stopped answering, with the timed-out exchanges that showed it. */
export interface Interruption {
  route: Route;
  timeouts: readonly HTTPEvidence[];
  reason: string;
}

/**
 * How long a run against a candidate that stopped answering takes at most: two rounds of
 * timeouts on each route and a third on one, then nothing more is sent, plus the mock's start,
 * preflight and reports (decision 0015).
 */
export const hungRunBoundMs = (timeoutMs: number) => 12 * timeoutMs + 30_000;

/**
 * The harness's Vendor Interruption. The platform stops calling a vendor that keeps failing and
 * escalates new conversations at once; the harness does the same for a route of the candidate
 * that timed out `threshold` rounds in a row (no answer at all, not an error answer): from then
 * on no request goes out, so a hung candidate costs a few timeouts instead of one per probe, and
 * the run ends in bounded time (decision 0015). Any answer on the route resets its count.
 */
export class CandidateInterruption implements VendorCallGate {
  /** Per route, the timeouts since its last answer, counted once per round of requests. */
  #rounds = new Map<Route, { timeouts: HTTPEvidence[]; lastAt: number }>();
  #interruption: Interruption | undefined;

  constructor(readonly threshold = 3) {}

  /** Set once a route stopped answering; the run checks no further rule. */
  get interruption(): Interruption | undefined {
    return this.#interruption;
  }

  refuse(_url: string): string | undefined {
    return this.#interruption ? `not sent: ${this.#interruption.reason}` : undefined;
  }

  settle(url: string, result: VendorHttpResult): void {
    const route = customEndpointRouteOf(url) ?? 'other';
    if (result.kind !== 'timeout') {
      if (result.kind === 'response') this.#rounds.delete(route);
      return;
    }
    // Requests that were in flight together are one round: a burst of concurrent calls that
    // time out under load is one sign, not many; only a request sent after the last counted
    // timeout counts again.
    const now = performance.now();
    const sentAt = now - result.exchange.timing.durationMs;
    const rounds = this.#rounds.get(route) ?? { timeouts: [], lastAt: Number.NEGATIVE_INFINITY };
    if (sentAt < rounds.lastAt) return;
    rounds.timeouts.push(exchangeEvidence(result.exchange));
    rounds.lastAt = now;
    this.#rounds.set(route, rounds);
    if (rounds.timeouts.length < this.threshold || this.#interruption) return;
    this.#interruption = {
      route,
      timeouts: rounds.timeouts,
      reason: `the candidate stopped answering: ${rounds.timeouts.length} requests in a row to its ${route} route, each sent after the previous one timed out, got no answer in time (${result.detail}), so the run stopped calling it, as the platform's Vendor Interruption does`,
    };
  }
}
