import { describe, expect, it } from 'vitest';
import {
  formatMs,
  latencyHistogramChart,
  latencyOverTimeChart,
  niceCeiling,
} from './html-load-charts.ts';

const points = [
  { second: 1, turns: 40, p50Ms: 20, p95Ms: 60, failed: 0 },
  { second: 2, turns: 42, p50Ms: 25, p95Ms: 180, failed: 3 },
  { second: 3, turns: 41, p50Ms: 22, p95Ms: 70, failed: 0 },
];

/** The numbers of an SVG attribute, e.g. every y of a polyline's points. */
const polyline = (svg: string, name: string) =>
  (new RegExp(`class="chart-${name}"[^>]*points="([^"]+)"`).exec(svg)?.[1] ?? '')
    .split(' ')
    .map((pair) => pair.split(',').map(Number) as [number, number]);

describe('latency charts', () => {
  it('rounds axes to 1, 2 or 5 times a power of ten, and reads latencies as people do', () => {
    expect([0, 3, 10, 11, 180, 999, 4200].map(niceCeiling)).toEqual([
      1, 5, 10, 20, 200, 1000, 5000,
    ]);
    expect([12.4, 999, 1000, 1530, 12_345].map(formatMs)).toEqual([
      '12 ms',
      '999 ms',
      '1.0 s',
      '1.5 s',
      '12 s',
    ]);
  });

  it('draws p50 and p95 per second, p95 above p50, and marks the seconds with failed turns', () => {
    const svg = latencyOverTimeChart(points);
    const p50 = polyline(svg, 'p50');
    const p95 = polyline(svg, 'p95');
    expect(p50).toHaveLength(3);
    expect(p95).toHaveLength(3);
    // SVG y grows downwards: a higher latency is a smaller y.
    for (const [index, [, y]] of p95.entries()) expect(y).toBeLessThan(p50[index]?.[1] ?? 0);
    expect(p95[1]?.[1]).toBeLessThan(p95[0]?.[1] ?? 0);
    expect(svg.match(/class="chart-failed"/g)).toHaveLength(1);
    expect(svg).toContain('<title>3 failed turn(s) in second 2</title>');
    // The axis reaches 200 ms, the round number above the worst p95 (180 ms).
    expect(svg).toContain('>200 ms</text>');
    expect(svg).not.toMatch(/<script|style=/);
  });

  it('draws one bar per bucket, its height in proportion to its count', () => {
    const svg = latencyHistogramChart([
      { upToMs: 10, count: 5 },
      { upToMs: 50, count: 20 },
      { upToMs: 100, count: 10 },
    ]);
    const heights = [...svg.matchAll(/class="chart-bar"[^>]*height="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(heights).toHaveLength(3);
    expect(heights[1]).toBeCloseTo((heights[0] ?? 0) * 4, 0);
    expect(heights[1]).toBeCloseTo((heights[2] ?? 0) * 2, 0);
    expect(svg).toContain('<title>20 turn(s) ≤ 50 ms</title>');
  });

  it('says so instead of drawing an empty chart', () => {
    expect(latencyOverTimeChart([])).toContain('no turn completed');
    expect(latencyHistogramChart([{ upToMs: 10, count: 0 }])).toContain('no turn completed');
  });
});
