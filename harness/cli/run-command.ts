import { constants } from 'node:os';
import { resolve } from 'node:path';
import { readCliEnvironment, runDefaults } from '../config/index.ts';
import type { Check } from '../runner/check.ts';
import { exitCodeOf } from '../runner/runner.ts';
import type { CliIo } from './cli-io.ts';
import { commandConfig } from './command-config.ts';
import { ProgressLine } from './progress-line.ts';
import { runCertification, scrubberFor } from './run-certification.ts';
import { renderRunSummary } from './run-summary.ts';
import { paintFor } from './terminal-colour.ts';

export const runUsage = `Usage: tpb-conformance run [options]

Certifies a candidate against the rule catalogue and writes the reports. Without --kind, the
built-in example bot is certified end to end.

Target:
  --kind custom-endpoint|faas|connector
  --base-url URL          Custom Endpoint Base URL (a trailing slash is dropped)
  --bot-id ID             Custom Endpoint Bot ID
  --environment NAME      Custom Endpoint environment (default draft)
  --function PATH|URL     LivePerson Function: a module exporting lambda, or an http(s) URL
  --command "CMD"         Connector: the shell command that starts it

Authentication (Custom Endpoint, choose one):
  --signing-key FILE      PKCS#8 private key whose public half the candidate pins
  --key-id KID            kid of those tokens (default tpb-conformance)
  --jwks-port PORT        serve the mock Sentinel's JWKS on 127.0.0.1:PORT
  --token-url URL         a real Sentinel, with --client-id ID and --client-secret S
  --account-id N          account id in the tokens' aud (default 12345678)

Run:
  --utterance KEY=TEXT    what the consumer types to trigger a behaviour (repeatable); KEY is
                          transfer, close, ttr, structured-content, quick-replies, delay,
                          private-text, invoke-function, encoded-metadata or fallback
  --unused KEYS           features the bot does not have, by utterance key, comma-separated
                          (e.g. invoke-function,encoded-metadata): their rules do not apply
  --skill NAME            a skill the candidate may transfer to (repeatable)
  --agent ID              a human agent (user id) the candidate may transfer to (repeatable)
  --conversation-type T   chat, messaging or both (default): the types the bot is configured for
  --image-host HOST       an image host allowed in structured content (repeatable)
  --rich-content-channel C  channel structured content is validated for (default ${runDefaults.richContentChannel})
  --rules PATTERNS        rule IDs to run, comma-separated, * as wildcard (default all)
  --timeout-ms N          per-request timeout towards the candidate (default ${runDefaults.timeoutMs})
  --strict                failed SHOULD rules, and MUST rules left unchecked, fail the run
  --report-dir DIR        where the reports go (default ${runDefaults.reportDir})
  --config FILE           config file (default tpb.config.ts, .json or .mjs in this directory)

Every option can also come from TPB_<NAME> (TPB_BASE_URL, TPB_RULES=CE-*,SEC-*, …) or the config
file; flags win over the environment, the environment over the file.

Verdicts: PASS (every applicable MUST rule checked and passed), FAIL, or INCOMPLETE (nothing
failed, but some applicable MUST rules could not be checked: the run says what to declare).
Exit codes: 0 no MUST rule failed, 1 a MUST rule failed (or, under --strict, a SHOULD rule or an
unchecked MUST rule), 2 the harness could not run (bad input, unreachable target) or no check ran,
130 interrupted by Ctrl+C (143 by SIGTERM): the partial report is written, marked interrupted.
`;

/**
 * `tpb-conformance run`: resolve config, certify (`runCertification`, shared with the package's
 * `certify()`), print the summary, exit code. The checks come from the composition root
 * (tpb-conformance.ts), which registers every suite's.
 */
export async function runCommand(
  args: string[],
  io: CliIo,
  checks: readonly Check[],
): Promise<number> {
  const started = await commandConfig('run', args, io, runUsage);
  if (!started) return 0;
  const { config, cwd } = started;
  const environment = readCliEnvironment(io.env);
  const paint = paintFor(io.stdout, io.env);
  const scrubber = await scrubberFor(config, cwd);
  const print = (text: string) => io.stdout.write(scrubber.text(text));
  const progress = new ProgressLine(print, {
    enabled: ProgressLine.isTerminal(io.stdout) && !environment.ci,
    columns: (io.stdout as { columns?: number }).columns,
    paint,
  });

  const reportDir = resolve(cwd, config.reportDir);
  const interrupt = interruptOnSignal(() => {
    progress.clear();
    io.stderr.write(
      'tpb-conformance: interrupted; stopping and writing a partial report (Ctrl+C again to quit at once).\n',
    );
  });
  try {
    const { report, files } = await runCertification(config, {
      checks,
      cwd,
      path: environment.path,
      scrubber,
      reportDir,
      progress: (text) => progress.update(text),
      signal: interrupt.signal,
    });
    progress.clear();
    print(renderRunSummary(report, files, cwd, paint));
    return report.interrupted ? interrupt.exitCode : exitCodeOf(report);
  } finally {
    interrupt.dispose();
    progress.clear();
  }
}

/**
 * Ctrl+C (SIGINT) or SIGTERM while a run works aborts `signal` instead of killing the process, so
 * that the partial report is written and the mock cloud and candidate stopped (decision 0017).
 * The exit code is then the shell's for that signal, 128 + its number (130 for Ctrl+C). Only the
 * first signal is caught: a second one quits at once, as Node does by default.
 */
function interruptOnSignal(onInterrupt: () => void): {
  signal: AbortSignal;
  readonly exitCode: number;
  dispose(): void;
} {
  const controller = new AbortController();
  let exitCode = 128 + constants.signals.SIGINT;
  const dispose = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  function onSignal(signal: NodeJS.Signals) {
    dispose();
    exitCode = 128 + constants.signals[signal];
    onInterrupt();
    controller.abort();
  }
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    get exitCode() {
      return exitCode;
    },
    dispose,
  };
}
