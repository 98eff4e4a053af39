import type { LatencyStats } from '../../schemas/index.ts';

export type { LatencyStats };

/** LIMIT-05's budget for the 95th percentile of reply latency at the recommended load. */
export const p95BudgetMs = 5_000;

/** What one event (or turn) came to. */
export type EventOutcome = 'ok' | 'error' | 'timeout' | 'unanswered';

/** Nearest-rank percentile of sorted values; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Percentiles over the events that have a latency; failure counts over all of them. */
export function latencyStats(
  events: ReadonlyArray<{ latencyMs?: number; outcome: EventOutcome }>,
): LatencyStats {
  const sorted = events
    .flatMap((event) => (event.latencyMs === undefined ? [] : [event.latencyMs]))
    .sort((a, b) => a - b);
  const count = (outcome: EventOutcome) =>
    events.filter((event) => event.outcome === outcome).length;
  return {
    events: events.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.at(-1) ?? 0,
    errors: count('error'),
    timeouts: count('timeout'),
    unanswered: count('unanswered'),
  };
}

/** `250 events: p50 12 ms, p95 40 ms, p99 55 ms, max 61 ms; 0 errors, 0 timeouts` */
export function describeStats(stats: LatencyStats): string {
  const ms = (value: number) => `${Math.round(value)} ms`;
  return `${stats.events} events: p50 ${ms(stats.p50Ms)}, p95 ${ms(stats.p95Ms)}, p99 ${ms(stats.p99Ms)}, max ${ms(stats.maxMs)}; ${stats.errors} errors, ${stats.timeouts} timeouts${stats.unanswered > 0 ? `, ${stats.unanswered} unanswered` : ''}`;
}
