import { describe, expect, it } from 'vitest';
import { histogramBoundsMs, histogramOf, timelineOf } from './load-figures.ts';
import { judgeSaturation } from './saturation-guard.ts';

describe('load figures', () => {
  const turns = [
    { sentAtMs: 0, latencyMs: 40, outcome: 'ok' },
    { sentAtMs: 100, latencyMs: 300, outcome: 'ok' },
    { sentAtMs: 900, latencyMs: 200, outcome: 'ok' },
    { sentAtMs: 1500, latencyMs: 1200, outcome: 'timeout' },
    { sentAtMs: 2500, latencyMs: 90_000, outcome: 'ok' },
    { sentAtMs: 3000, outcome: 'unanswered' },
  ];

  it('buckets turns by the second they ended in, failed ones apart, empty seconds kept', () => {
    const timeline = timelineOf(turns);
    expect(timeline.map((second) => second.second)).toEqual(
      Array.from({ length: 93 }, (_, index) => index + 1),
    );
    expect(timeline[0]).toEqual({ second: 1, turns: 2, p50Ms: 40, p95Ms: 300, failed: 0 });
    expect(timeline[1]).toEqual({ second: 2, turns: 1, p50Ms: 200, p95Ms: 200, failed: 0 });
    expect(timeline[2]).toEqual({ second: 3, turns: 0, p50Ms: 0, p95Ms: 0, failed: 1 });
    expect(timeline[92]).toMatchObject({ second: 93, turns: 1 });
  });

  it('counts answered turns by latency, past the last bound in the open bucket', () => {
    const histogram = histogramOf(turns);
    expect(histogram).toHaveLength(histogramBoundsMs.length + 1);
    const count = (upToMs: number | null) =>
      histogram.find((bucket) => bucket.upToMs === upToMs)?.count;
    expect(count(50)).toBe(1);
    expect(count(250)).toBe(1);
    expect(count(500)).toBe(1);
    expect(count(null)).toBe(1);
    expect(histogram.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(4);
  });
});

describe('judgeSaturation', () => {
  it('trusts a harness whose loop kept up, and says why it does not otherwise', () => {
    expect(judgeSaturation({ loopLagP99Ms: 40, loopBusyPercent: 60, cpuPercent: 130 })).toEqual({
      loopLagP99Ms: 40,
      loopBusyPercent: 60,
      cpuPercent: 130,
      trustworthy: true,
    });
    expect(
      judgeSaturation({ loopLagP99Ms: 1500, loopBusyPercent: 99, cpuPercent: 99 }),
    ).toMatchObject({
      trustworthy: false,
      reason:
        'the harness was saturated: its event loop ran 1500 ms late at p99 (1000 ms is the limit) and its event loop was busy 99 % of the time (95 % is the limit)',
    });
  });
});
