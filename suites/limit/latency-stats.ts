/** What one event came to, as the engine saw it. */
export type EventOutcome = 'ok' | 'error' | 'timeout' | 'unanswered';

/** Latency percentiles and failure counts of a set of events. */
export interface LatencyStats {
  events: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Escalated or unusable replies (timeouts not included). */
  errors: number;
  /** Events that ran into the per-request timeout, or took longer than the platform allows. */
  timeouts: number;
  /** Events the candidate never got to answer (the conversation never reached it in time). */
  unanswered: number;
}

/** Nearest-rank percentile of sorted values; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

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

/** `p50 12 ms, p95 40 ms, p99 55 ms, max 61 ms; 0 errors, 0 timeouts` */
export function describeStats(stats: LatencyStats): string {
  const ms = (value: number) => `${Math.round(value)} ms`;
  return `${stats.events} events: p50 ${ms(stats.p50Ms)}, p95 ${ms(stats.p95Ms)}, p99 ${ms(stats.p99Ms)}, max ${ms(stats.maxMs)}; ${stats.errors} errors, ${stats.timeouts} timeouts${stats.unanswered > 0 ? `, ${stats.unanswered} unanswered` : ''}`;
}
