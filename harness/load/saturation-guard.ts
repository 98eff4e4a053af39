import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { LoadSaturation } from '../../schemas/index.ts';

/** The event-loop lag (p99) past which a load's latencies are the harness's, not the bot's. */
export const saturationLagMs = 1000;

/** Past this share of the wall time busy, the harness's event loop was its own bottleneck. */
const saturationLoopPercent = 95;

/** Whether the harness could keep up while it measured, and why not when it could not. */
export type Saturation = LoadSaturation;

/**
 * Watches the harness's own event loop and CPU while a load or the LIMIT scenario runs. The
 * latencies the harness measures include its own delays: when its loop ran late by a second or
 * was busy nearly all the time, the figures say more about the harness than about the bot
 * (decision 0015), and `stop()` says so. CPU is reported, not judged: it counts every thread,
 * and an in-process candidate's work with it.
 */
export function startSaturationGuard(): { stop(): Saturation } {
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const cpuAtStart = process.cpuUsage();
  const loopAtStart = performance.eventLoopUtilization();
  const startedAt = performance.now();
  return {
    stop() {
      lag.disable();
      const cpu = process.cpuUsage(cpuAtStart);
      const loop = performance.eventLoopUtilization(loopAtStart);
      const wallMs = Math.max(1, performance.now() - startedAt);
      return judgeSaturation({
        loopLagP99Ms: Math.round(lag.percentile(99) / 1e6),
        loopBusyPercent: Math.round(loop.utilization * 100),
        cpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / wallMs) * 100),
      });
    },
  };
}

/** The verdict on measured figures (kept apart so that it can be tested with any). */
export function judgeSaturation(
  measured: Pick<Saturation, 'loopLagP99Ms' | 'loopBusyPercent' | 'cpuPercent'>,
): Saturation {
  const { loopLagP99Ms, loopBusyPercent } = measured;
  const reasons = [
    ...(loopLagP99Ms >= saturationLagMs
      ? [`its event loop ran ${loopLagP99Ms} ms late at p99 (${saturationLagMs} ms is the limit)`]
      : []),
    ...(loopBusyPercent >= saturationLoopPercent
      ? [
          `its event loop was busy ${loopBusyPercent} % of the time (${saturationLoopPercent} % is the limit)`,
        ]
      : []),
  ];
  return {
    ...measured,
    trustworthy: reasons.length === 0,
    ...(reasons.length > 0
      ? { reason: `the harness was saturated: ${reasons.join(' and ')}` }
      : {}),
  };
}
