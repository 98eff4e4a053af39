import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkReport, failsRun, writeReports } from '../../reports/index.ts';
import type { HarnessConfig, Report } from '../../schemas/index.ts';
import { isSet, type ResolvedConfig } from '../config/defaults.ts';
import { resolveConfig } from '../config/resolve-config.ts';
import { HarnessError } from '../harness-error.ts';
import { matchRules } from '../rules/index.ts';
import { type BuiltContext, buildContext } from '../runner/build-context.ts';
import { certify } from '../runner/certify.ts';
import type { Check } from '../runner/check.ts';
import { exitCodeOf } from '../runner/runner.ts';
import { preflight } from './preflight.ts';
import { SecretScrubber } from './secret-scrubber.ts';

export interface RunCertificationOptions {
  /** The suites' checks, from a composition root. */
  checks: readonly Check[];
  /** Where relative paths and a connector's command are taken from. */
  cwd: string;
  /** PATH, where a connector's command is looked for. */
  path: string;
  /** Knows the config's secrets (`scrubberFor`); learns the mock cloud's as the run starts them. */
  scrubber: SecretScrubber;
  /** Where the reports are written; none are when absent. */
  reportDir?: string;
  /** Told what the run is doing, a line at a time (the CLI's progress line). */
  progress?: (text: string) => void;
  /**
   * Stops the run (Ctrl+C): the rules not reached are skipped as not checked, and the partial
   * report, marked interrupted, is still written (decision 0017).
   */
  signal?: AbortSignal;
}

/** A scrubber that knows the config's own secrets: the client secret and the signing key's PEM. */
export async function scrubberFor(config: ResolvedConfig, cwd: string): Promise<SecretScrubber> {
  const scrubber = new SecretScrubber([config.clientSecret]);
  if (config.signingKey) {
    scrubber.add(await readFile(resolve(cwd, config.signingKey), 'utf8').catch(() => undefined));
  }
  return scrubber;
}

/**
 * The mock cloud with the candidate attached, ready for a command: the cloud's own secrets are
 * taught to the scrubber, then the candidate is preflighted (TPB_UNREACHABLE, exit 2, when nothing
 * answers). Disposed here when the preflight fails; otherwise the caller disposes it.
 */
export async function startCandidate(
  config: ResolvedConfig,
  options: {
    cwd: string;
    path: string;
    scrubber: SecretScrubber;
    progress?: (text: string) => void;
  },
): Promise<BuiltContext> {
  options.progress?.('Starting the mock Conversational Cloud …');
  const built = await buildContext(config);
  try {
    const info = built.context.cloud.readyInfo();
    options.scrubber.add(info.sentinel.clientSecret, info.agent.password, info.controlToken);
    options.progress?.('Checking that the candidate answers …');
    await preflight(built.context, { cwd: options.cwd, path: options.path });
    return built;
  } catch (error) {
    await built.dispose();
    throw error;
  }
}

/**
 * A resolved config to a report, for `tpb-conformance run` and the package's `certify()` alike:
 * start the mock cloud, preflight the candidate, check the rules, write the reports, and stop
 * everything the run started, whatever happens. The report and any error come back scrubbed of
 * the run's secrets; what the report says is the reporters' to check (`checkReport`).
 */
export async function runCertification(
  config: ResolvedConfig,
  options: RunCertificationOptions,
): Promise<{ report: Report; files: string[] }> {
  const { scrubber, reportDir } = options;
  const progress = options.progress ?? (() => undefined);
  const rules = matchRules(config.rules);
  const ruleChecks = Object.fromEntries(rules.map((rule) => [rule.id, rule.check]));

  let built: BuiltContext | undefined;
  try {
    built = await startCandidate(config, { ...options, progress });

    // The failures so far ride on the progress line, as vitest's and Playwright's do.
    let failed = 0;
    const { report, conversations } = await certify(built, {
      rules,
      checks: options.checks,
      strict: config.strict,
      conversationType: config.conversationType,
      onRule: (rule, index, total) =>
        progress(`[${index + 1}/${total}] ${rule.id} …${failed > 0 ? ` ${failed} failed` : ''}`),
      onFinding: (finding) => {
        if (failsRun(finding, config.strict)) failed++;
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const input = scrubber.value({
      report,
      ruleChecks,
      ...(conversations ? { conversations } : {}),
    });
    if (reportDir === undefined) return { report: input.report, files: [] };
    progress(`Writing the reports to ${reportDir} …`);
    const { files } = await writeReports(reportDir, input);
    const { target } = built.context;
    if (target.kind === 'custom-endpoint' && input.report.verdict === 'pass') {
      progress('Writing the platform contract …');
      files.push(await writePassingContract(reportDir, target.address, input.report));
    }
    return { report: input.report, files };
  } catch (error) {
    throw scrubber.error(error);
  } finally {
    await built?.dispose();
  }
}

/**
 * pact.json: the platform's contract (`pact generate`), with the passing run it came with in its
 * metadata. Only a run that passed writes one, so a contract never vouches for a failing bot.
 */
async function writePassingContract(
  dir: string,
  { botId, environment }: { botId: string; environment: string },
  report: Report,
): Promise<string> {
  const { writePlatformContract } = await import('../pact/platform-contract.ts');
  return writePlatformContract({
    dir,
    fileName: 'pact.json',
    provider: botId,
    run: { verdict: 'pass', startedAt: report.startedAt, botId, environment },
  });
}

export interface CertifyOptions {
  /**
   * Where relative paths in the config (signingKey, function, reportDir) and a connector's
   * command are taken from; default `process.cwd()`.
   */
  cwd?: string;
}

/**
 * The package's `certify()` with the checks it runs: the config is resolved as `run` resolves a
 * config file's (but with no TPB_* variable and no file), certified by `runCertification`, and the
 * report returned as report.json holds it. Reports are written only when the config sets
 * `reportDir`; a run that checked nothing is TPB_NO_CHECKS, as `run` exits 2 on it.
 */
export async function certifyConfig(
  config: HarnessConfig,
  checks: readonly Check[],
  options: CertifyOptions = {},
): Promise<Report> {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new HarnessError(
      'TPB_CONFIG',
      'Invalid config given to certify(): expected an object with the keys of a tpb.config.ts (for example { kind: "custom-endpoint", … }, or {} for the built-in example bot).',
    );
  }
  const cwd = resolve(options.cwd ?? process.cwd());
  const resolved = await resolveConfig({ given: config, env: {}, cwd });
  const { report } = await runCertification(resolved, {
    checks,
    cwd,
    path: process.env.PATH ?? '',
    scrubber: await scrubberFor(resolved, cwd),
    ...(isSet(resolved, 'reportDir') ? { reportDir: resolve(cwd, resolved.reportDir) } : {}),
  });
  if (exitCodeOf(report) === 2) {
    throw new HarnessError(
      'TPB_NO_CHECKS',
      'No verdict: every selected rule was skipped, so nothing was certified. Choose rules that apply to this target ("tpb-conformance rules --target KIND").',
    );
  }
  return checkReport(report);
}
