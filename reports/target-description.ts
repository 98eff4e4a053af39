import type { ReportTarget } from '../schemas/index.ts';

/** A target in one line of words, for headings and summaries. */
export function describeTarget(target: ReportTarget): string {
  switch (target.kind) {
    case 'custom-endpoint': {
      const builtIn = target.builtIn ? ' (built-in example bot)' : '';
      return `Custom Endpoint ${target.baseUrl}, bot ${target.botId}, environment ${target.environment}, account ${target.accountId}${builtIn}`;
    }
    case 'faas':
      return `Function ${target.function}`;
    case 'connector':
      return `Connector ${target.command}`;
  }
}

/**
 * A duration rounded for a reader: "35 ms", "1.2 s", "2 min 5 s". Each unit is chosen after
 * rounding, so 999.7 ms reads "1.0 s", never "1000 ms", and 59.97 s "1 min 0 s".
 */
export function formatDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
