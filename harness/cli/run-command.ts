import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeReports } from '../../reports/index.ts';
import { readCliEnvironment, resolveConfig, runDefaults } from '../config/index.ts';
import { matchRules } from '../rules/index.ts';
import { type BuiltContext, buildContext } from '../runner/build-context.ts';
import { certify } from '../runner/certify.ts';
import type { Check } from '../runner/check.ts';
import { exitCodeOf } from '../runner/runner.ts';
import type { CliIo } from './cli-io.ts';
import { parseCommandArgs } from './command-args.ts';
import { preflight } from './preflight.ts';
import { ProgressLine } from './progress-line.ts';
import { renderRunSummary } from './run-summary.ts';
import { SecretScrubber } from './secret-scrubber.ts';

export const runUsage = `Usage: tpb-conformance run [options]

Certifies a candidate against the rule catalogue and writes the reports. Without --kind, the
built-in example bot is certified end to end.

Target:
  --kind custom-endpoint|faas|connector
  --base-url URL          Custom Endpoint Base URL (no trailing slash)
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
unchecked MUST rule), 2 the harness could not run (bad input, unreachable target) or no check ran.
`;

/**
 * `tpb-conformance run`: resolve config, start the run, preflight, check the rules, write reports.
 * The checks come from the composition root (bin.js), which registers every suite's.
 */
export async function runCommand(
  args: string[],
  io: CliIo,
  checks: readonly Check[],
): Promise<number> {
  const values = parseCommandArgs('run', args, {}, { configFlags: true });
  if (values.help) {
    io.stdout.write(runUsage);
    return 0;
  }
  const cwd = io.cwd ?? process.cwd();
  const config = await resolveConfig({ flags: values, cwd, ...(io.env ? { env: io.env } : {}) });
  const environment = readCliEnvironment(io.env);
  const scrubber = new SecretScrubber([config.clientSecret]);
  if (config.signingKey) {
    scrubber.add(await readFile(resolve(cwd, config.signingKey), 'utf8').catch(() => undefined));
  }
  const print = (text: string) => io.stdout.write(scrubber.text(text));
  const progress = new ProgressLine(print, {
    enabled: ProgressLine.isTerminal(io.stdout) && !environment.ci,
    columns: (io.stdout as { columns?: number }).columns,
  });

  const rules = matchRules(config.rules);
  const ruleChecks = Object.fromEntries(rules.map((rule) => [rule.id, rule.check]));
  const reportDir = resolve(cwd, config.reportDir);

  progress.update('Starting the mock Conversational Cloud …');
  let built: BuiltContext | undefined;
  try {
    built = await buildContext(config);
    const info = built.context.cloud.readyInfo();
    scrubber.add(info.sentinel.clientSecret, info.agent.password, info.controlToken);
    progress.update('Checking that the candidate answers …');
    await preflight(built.context, { cwd, path: environment.path });

    const { report, conversations } = await certify(built, {
      rules,
      checks,
      strict: config.strict,
      conversationType: config.conversationType,
      onRule: (rule, index, total) => progress.update(`[${index + 1}/${total}] ${rule.id} …`),
    });
    progress.update(`Writing the reports to ${reportDir} …`);
    const { files } = await writeReports(
      reportDir,
      scrubber.value({ report, ruleChecks, ...(conversations ? { conversations } : {}) }),
    );
    progress.clear();
    print(renderRunSummary(report, files, cwd));
    return exitCodeOf(report);
  } catch (error) {
    throw scrubber.error(error);
  } finally {
    progress.clear();
    await built?.dispose();
  }
}
