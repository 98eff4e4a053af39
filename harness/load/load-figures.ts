import type { LoadHistogramBucket, LoadTimelinePoint } from '../../schemas/index.ts';
import { percentile } from './latency-stats.ts';

/** The histogram's bounds: roughly three per decade, from 10 ms to the platform's 60 s. */
export const histogramBoundsMs = [
  10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000,
] as const;

interface TimedTurn {
  sentAtMs: number;
  latencyMs?: number;
  outcome: string;
}

/** The turns by the second they ended in, from the load's start; seconds without one are kept. */
export function timelineOf(turns: readonly TimedTurn[]): LoadTimelinePoint[] {
  const ended = turns.filter((turn) => turn.latencyMs !== undefined);
  if (ended.length === 0) return [];
  const seconds = new Map<number, TimedTurn[]>();
  let last = 0;
  for (const turn of ended) {
    const second = Math.floor((turn.sentAtMs + (turn.latencyMs ?? 0)) / 1000) + 1;
    last = Math.max(last, second);
    seconds.set(second, [...(seconds.get(second) ?? []), turn]);
  }
  return Array.from({ length: last }, (_, index) => {
    const inSecond = seconds.get(index + 1) ?? [];
    const ok = inSecond
      .filter((turn) => turn.outcome === 'ok')
      .map((turn) => turn.latencyMs ?? 0)
      .sort((a, b) => a - b);
    return {
      second: index + 1,
      turns: ok.length,
      p50Ms: Math.round(percentile(ok, 50)),
      p95Ms: Math.round(percentile(ok, 95)),
      failed: inSecond.length - ok.length,
    };
  });
}

/** The answered turns' latencies in `histogramBoundsMs` buckets, and one for anything longer. */
export function histogramOf(turns: readonly TimedTurn[]): LoadHistogramBucket[] {
  const buckets: LoadHistogramBucket[] = [
    ...histogramBoundsMs.map((upToMs) => ({ upToMs, count: 0 })),
    { upToMs: null, count: 0 },
  ];
  for (const turn of turns) {
    if (turn.outcome !== 'ok' || turn.latencyMs === undefined) continue;
    const latency = turn.latencyMs;
    const bucket = buckets.find((each) => each.upToMs === null || latency <= each.upToMs);
    if (bucket) bucket.count += 1;
  }
  return buckets;
}
