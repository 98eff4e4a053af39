import type { LoadHistogramBucket, LoadTimelinePoint, ReportLoad } from '../schemas/index.ts';
import { escapeHtml } from './html-text.ts';

// The load section's two charts, drawn as inline SVG when the page is written: no script, no
// library, no request. Colours and fonts come from presentation attributes and the page's own
// stylesheet, so the page's Content-Security-Policy stays as strict as it is.

const width = 640;
const height = 220;
const pad = { top: 16, right: 16, bottom: 34, left: 56 };
const plotWidth = width - pad.left - pad.right;
const plotHeight = height - pad.top - pad.bottom;

/** "850 ms", "1.2 s": latency as people read it. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `value`. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((each) => each * power >= value) ?? 10;
  return step * power;
}

const round = (value: number) => Math.round(value * 10) / 10;

function frame(title: string, body: string, yMax: number, yLabel: (v: number) => string): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => {
    const y = round(pad.top + plotHeight * (1 - share));
    return (
      `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y}" y2="${y}" stroke="#e6eaef"/>` +
      `<text x="${pad.left - 6}" y="${y + 4}" text-anchor="end" class="chart-tick">${escapeHtml(yLabel(yMax * share))}</text>`
    );
  });
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${ticks.join('')}${body}</svg>`;
}

/**
 * Latency over time: the p50 and p95 of each second's turns as two lines, the seconds with a
 * failed turn marked red on the time axis.
 */
export function latencyOverTimeChart(points: readonly LoadTimelinePoint[]): string {
  const title = 'Turn latency over time (p50 and p95 per second)';
  if (points.length === 0) return `<p class="muted">${title}: no turn completed.</p>`;
  const last = Math.max(1, ...points.map((point) => point.second));
  const yMax = niceCeiling(Math.max(...points.map((point) => point.p95Ms)));
  const x = (second: number) => round(pad.left + (plotWidth * second) / last);
  const y = (ms: number) => round(pad.top + plotHeight * (1 - ms / yMax));
  const line = (key: 'p50Ms' | 'p95Ms', colour: string, name: string) =>
    `<polyline class="chart-${name}" fill="none" stroke="${colour}" stroke-width="2" points="${points
      .map((point) => `${x(point.second)},${y(point[key])}`)
      .join(' ')}"/>`;
  const failures = points
    .filter((point) => point.failed > 0)
    .map(
      (point) =>
        `<rect class="chart-failed" x="${x(point.second) - 2}" y="${pad.top + plotHeight}" width="4" height="6" fill="#cf222e"><title>${point.failed} failed turn(s) in second ${point.second}</title></rect>`,
    );
  const axis = `<text x="${pad.left}" y="${height - 8}" class="chart-tick">0 s</text><text x="${width - pad.right}" y="${height - 8}" text-anchor="end" class="chart-tick">${last} s</text>`;
  const legend = `<text x="${pad.left + 8}" y="${pad.top + 12}" class="chart-legend" fill="#0969da">p50</text><text x="${pad.left + 40}" y="${pad.top + 12}" class="chart-legend" fill="#bf8700">p95</text>`;
  return frame(
    title,
    line('p95Ms', '#bf8700', 'p95') +
      line('p50Ms', '#0969da', 'p50') +
      failures.join('') +
      axis +
      legend,
    yMax,
    formatMs,
  );
}

/** The latency histogram: one bar per bucket, labelled with its upper bound. */
export function latencyHistogramChart(buckets: readonly LoadHistogramBucket[]): string {
  const title = 'Turn latency histogram (turns per latency bucket)';
  const shown = buckets.filter((bucket, index) => bucket.count > 0 || index < buckets.length - 1);
  if (shown.every((bucket) => bucket.count === 0)) {
    return `<p class="muted">${title}: no turn completed.</p>`;
  }
  const yMax = niceCeiling(Math.max(...shown.map((bucket) => bucket.count)));
  const slot = plotWidth / shown.length;
  const bars = shown.map((bucket, index) => {
    const barHeight = round((plotHeight * bucket.count) / yMax);
    const x = round(pad.left + slot * index + slot * 0.15);
    const label = bucket.upToMs === null ? 'more' : `≤ ${formatMs(bucket.upToMs)}`;
    return (
      `<rect class="chart-bar" x="${x}" y="${round(pad.top + plotHeight - barHeight)}" width="${round(slot * 0.7)}" height="${barHeight}" fill="#0969da"><title>${bucket.count} turn(s) ${label}</title></rect>` +
      `<text x="${round(x + slot * 0.35)}" y="${height - 18}" text-anchor="middle" class="chart-tick">${escapeHtml(label)}</text>`
    );
  });
  return frame(title, bars.join(''), yMax, (value) => String(Math.round(value)));
}

/** The load section of index.html: what was played, the figures, and the two charts. */
export function renderLoadSection(load: ReportLoad): string {
  const { options, result } = load;
  const figure = (label: string, value: string) =>
    `<div class="load-figure"><span class="n">${escapeHtml(value)}</span><span class="l">${escapeHtml(label)}</span></div>`;
  const escalations = Object.entries(result.escalations);
  const played = `${options.conversations} conversations × ${options.durationMs !== undefined ? `turns for ${options.durationMs / 1000} s` : `${options.turns} turns`}, ramp-up ${options.rampUpMs / 1000} s, think time ${options.thinkTimeMs} ms`;
  return [
    '<section aria-labelledby="load-title" class="load">',
    `<div class="section-head"><h2 id="load-title">Load</h2><span class="muted">${escapeHtml(played)}</span></div>`,
    '<div class="load-figures">',
    figure('turns/s', String(result.turnsPerSecond)),
    figure('turns answered', `${result.turns} of ${result.turnsPlanned}`),
    figure('p50 turn', formatMs(result.turnLatency.p50Ms)),
    figure('p95 turn', formatMs(result.turnLatency.p95Ms)),
    figure('p99 turn', formatMs(result.turnLatency.p99Ms)),
    figure('max turn', formatMs(result.turnLatency.maxMs)),
    figure('p95 call to the bot', formatMs(result.vendorLatency.p95Ms)),
    figure('timeouts', String(result.timeouts)),
    figure('retries', String(result.retries)),
    figure('bot errors', String(result.candidateErrors)),
    '</div>',
    escalations.length > 0
      ? `<p>Escalations: ${escalations.map(([code, count]) => `<code>${escapeHtml(code)}</code> × ${count}`).join(', ')}</p>`
      : '<p class="muted">No escalation.</p>',
    result.saturation.trustworthy
      ? `<p class="muted">The harness kept up (event loop p99 lag ${result.saturation.loopLagP99Ms} ms, busy ${result.saturation.loopBusyPercent} %).</p>`
      : `<p class="note">${escapeHtml(result.saturation.reason ?? 'The harness was saturated.')}: the latencies include the harness's own delays.</p>`,
    `<div class="charts"><figure>${latencyOverTimeChart(result.timeline)}</figure><figure>${latencyHistogramChart(result.histogram)}</figure></div>`,
    '</section>',
  ].join('');
}
