import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { engineDefaults } from '../../mocks/index.ts';
import { writeReports } from '../../reports/index.ts';
import type { Report } from '../../schemas/index.ts';
import { configFlagOptions, readCliEnvironment } from '../config/index.ts';
import { HarnessError } from '../harness-error.ts';
import { renderK6Script } from '../load/k6-script.ts';
import { describeStats, p95BudgetMs } from '../load/latency-stats.ts';
import { loadReport } from '../load/load-report.ts';
import { type LoadOptions, type LoadProgress, runLoad } from '../load/run-load.ts';
import type { BuiltContext } from '../runner/build-context.ts';
import { exitCodeOf } from '../runner/runner.ts';
import { sweepSentences } from '../runner/session.ts';
import type { CliIo } from './cli-io.ts';
import { usageError } from './command-args.ts';
import { resolveCommandConfig } from './command-config.ts';
import { ProgressLine } from './progress-line.ts';
import { scrubberFor, startCandidate } from './run-certification.ts';
import { renderRunSummary } from './run-summary.ts';
import { paintFor } from './terminal-colour.ts';

export const loadUsage = `Usage: tpb-conformance load [target options as run] [--conversations N] [--turns N]
                          [--ramp-up S] [--think-time MS] [--duration S]
       tpb-conformance load --export k6 FILE [target options as run] [load options]

Drives real conversations through the whole mock platform (consumer -> UMS -> Third-Party Bots
engine -> your bot -> back to the consumer) and measures them: turns per second, the latency of
each turn as the consumer sees it (p50/p95/p99/max), the calls to your bot on their own,
timeouts, retries, escalations by LivePerson error code and your bot's errors. The platform
caps a bot at 999 open conversations and recommends 250: above 999, the platform's escalation
of the rest is what is measured. Without --kind, the built-in example bot answers.

Options:
  --conversations N   conversations to open (default 250)
  --turns N           consumer turns per conversation, the opening message first (default 3)
  --ramp-up S         open the conversations evenly over S seconds (default 0: all at once)
  --think-time MS     the consumer's pause after each bot reply (default 0)
  --duration S        keep every conversation playing turns for S seconds (instead of --turns)
  --export k6 FILE    write the same scenario as a k6 script against your bot (the platform's
                      calls, a bearer from TPB_TOKEN) for the k6-operator, and run nothing
  the target options of "tpb-conformance run": --kind, --base-url, --bot-id, --environment,
  --function, --signing-key, --jwks-port, --token-url, --timeout-ms, --report-dir, --config ...

The harness watches its own event loop: when it was the bottleneck, a failed latency or timeout
rule is reported as not checked, with the reason. Reports: report.json (with the figures under
"load"), junit.xml, index.html (latency over time and a histogram) and summary.md.
Exit codes: 0 LIMIT-01 held, 1 a MUST rule failed, 2 the load could not run.
`;

const loadOptions = {
  conversations: { type: 'string' },
  turns: { type: 'string' },
  'ramp-up': { type: 'string' },
  'think-time': { type: 'string' },
  duration: { type: 'string' },
  export: { type: 'string' },
} as const;

const help = 'Run "tpb-conformance load --help" for its options.';

/** A whole number ≥ `min` from a flag, or a TPB_USAGE error naming it. */
function count(values: Record<string, unknown>, flag: string, fallback: number, min = 1): number {
  const given = values[flag];
  if (given === undefined) return fallback;
  const value = Number(given);
  if (!Number.isInteger(value) || value < min || value > 100_000) {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --${flag} "${String(given)}": use a whole number from ${min} to 100000. ${help}`,
    );
  }
  return value;
}

function parseLoadArgs(args: string[]) {
  const options = {
    ...configFlagOptions(),
    config: { type: 'string' },
    ...loadOptions,
    help: { type: 'boolean', short: 'h' },
  } as const;
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (cause) {
    throw usageError('load', cause, Object.keys(options));
  }
}

/** The progress of a load: a bar on a terminal, a line every 5 s elsewhere (CI, a pipe). */
function progressReporter(io: CliIo, terminal: boolean, print: (text: string) => void) {
  const line = new ProgressLine(print, {
    enabled: terminal,
    columns: (io.stdout as { columns?: number }).columns,
  });
  let lastLine = 0;
  const update = (progress: LoadProgress) => {
    const share = progress.turnsPlanned > 0 ? progress.turnsDone / progress.turnsPlanned : 0;
    const text = `${progress.turnsDone}/${progress.turnsPlanned} turns, ${progress.opened} conversations, ${Math.round(progress.elapsedMs / 1000)} s … ${progress.failed} failed`;
    if (terminal) {
      const width = 20;
      const done = Math.min(width, Math.round(share * width));
      line.update(`[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${text}`);
    } else if (progress.elapsedMs - lastLine >= 5000) {
      lastLine = progress.elapsedMs;
      print(`load: ${text}\n`);
    }
  };
  return { update, clear: () => line.clear() };
}

/** The figures a person reads first, after the rule lines. */
function renderLoadFigures(report: Report): string {
  const result = report.load?.result;
  if (!result) return '';
  const escalations = Object.entries(result.escalations);
  return [
    `Load: ${result.turns} of ${result.turnsPlanned} turns in ${(result.wallMs / 1000).toFixed(1)} s, ${result.turnsPerSecond} turns/s, ${result.conversations} conversations`,
    `  turns as the consumer saw them: ${describeStats(result.turnLatency)}`,
    `  calls to the bot: ${describeStats(result.vendorLatency)}`,
    `  timeouts ${result.timeouts}, retries ${result.retries}, bot errors ${result.candidateErrors}, over the cap ${result.overCap}`,
    `  escalations: ${escalations.length > 0 ? escalations.map(([code, n]) => `${code} × ${n}`).join(', ') : 'none'}`,
    `  ${result.saturation.trustworthy ? 'the harness kept up' : (result.saturation.reason ?? '')} (event loop p99 lag ${result.saturation.loopLagP99Ms} ms, busy ${result.saturation.loopBusyPercent} %, CPU ${result.saturation.cpuPercent} %)`,
    '',
  ].join('\n');
}

/** `tpb-conformance load`: the conversations, the figures, the LIMIT rules, the reports. */
export async function loadCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseLoadArgs(args);
  if (values.help) {
    io.stdout.write(loadUsage);
    return 0;
  }
  const exportTo = values.export === undefined ? undefined : positionals[0];
  if (values.export !== undefined && values.export !== 'k6') {
    throw new HarnessError(
      'TPB_USAGE',
      `Invalid --export "${values.export}": the one export is k6 (--export k6 FILE). ${help}`,
    );
  }
  if (values.export !== undefined && (exportTo === undefined || positionals.length > 1)) {
    throw new HarnessError(
      'TPB_USAGE',
      `--export k6 takes one FILE: the k6 script to write. ${help}`,
    );
  }
  if (values.export === undefined && positionals.length > 0) {
    throw new HarnessError('TPB_USAGE', `Unexpected argument "${positionals[0]}". ${help}`);
  }
  const durationS = values.duration === undefined ? undefined : count(values, 'duration', 0);
  const options: LoadOptions = {
    conversations: count(values, 'conversations', 250),
    turns: count(values, 'turns', 3),
    rampUpMs: count(values, 'ramp-up', 0, 0) * 1000,
    thinkTimeMs: count(values, 'think-time', 0, 0),
    ...(durationS !== undefined ? { durationMs: durationS * 1000 } : {}),
  };
  const { config, cwd } = await resolveCommandConfig(values, io);
  if (config.kind === 'connector') {
    throw new HarnessError(
      'TPB_USAGE',
      `load drives the platform's bot connector, which calls a Custom Endpoint or a function; a connector's capacity is its own. ${help}`,
    );
  }
  if (exportTo !== undefined) {
    if (config.kind !== 'custom-endpoint' || config.baseUrl === undefined) {
      throw new HarnessError(
        'TPB_USAGE',
        `--export k6 writes calls to your Custom Endpoint: give --kind custom-endpoint, --base-url and --bot-id. ${help}`,
      );
    }
    const file = resolve(cwd, exportTo);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(
      file,
      renderK6Script({
        baseUrl: config.baseUrl,
        botId: config.botId ?? '',
        environment: config.environment,
        ...options,
        timeoutMs: config.timeoutMs ?? engineDefaults.requestTimeoutMs,
        latencyThresholdMs: p95BudgetMs,
        texts: sweepSentences,
      }),
      'utf8',
    );
    io.stdout.write(
      `Wrote the k6 script: ${file}\nRun it with a bearer your bot accepts: export TPB_TOKEN=$(npx tpb-conformance token …) && k6 run ${exportTo}\n`,
    );
    return 0;
  }
  const environment = readCliEnvironment(io.env);
  const scrubber = await scrubberFor(config, cwd);
  const print = (text: string) => io.stdout.write(scrubber.text(text));
  const progress = progressReporter(
    io,
    ProgressLine.isTerminal(io.stdout) && !environment.ci,
    print,
  );
  const startedAt = new Date();
  let built: BuiltContext | undefined;
  try {
    built = await startCandidate(config, { cwd, path: environment.path, scrubber });
    const run = await runLoad(built.context, { ...options, onProgress: progress.update });
    progress.clear();
    const report = loadReport(run, options, built.target, startedAt);
    const input = scrubber.value({ report });
    const { files } = await writeReports(resolve(cwd, config.reportDir), input);
    print(renderLoadFigures(input.report));
    print(renderRunSummary(input.report, files, cwd, paintFor(io.stdout, io.env)));
    return exitCodeOf(input.report);
  } catch (error) {
    throw scrubber.error(error);
  } finally {
    progress.clear();
    await built?.dispose();
  }
}
