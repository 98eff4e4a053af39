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

/** A duration in words: "850 ms", "3.2 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
