import { defaultBodyLimitBytes, evidenceBodyLimitBytes } from '../../mocks/index.ts';
import { judgeRun } from '../../reports/index.ts';
import type { Finding, Report } from '../../schemas/index.ts';
import { HarnessError } from '../harness-error.ts';
import { ruleById } from '../rules/index.ts';
import type { Rule } from '../rules/rule.ts';
import { toolVersion } from '../tool-version.ts';
import type { Interruption } from './candidate-interruption.ts';
import { customEndpointTarget } from './candidate-target.ts';
import { type Check, type CheckOutcome, fail } from './check.ts';
import type { RunContext } from './run-context.ts';

export interface RunOptions {
  rules: readonly Rule[];
  checks: readonly Check[];
  strict: boolean;
  target: Report['target'];
  /** The bot's configured conversation type, stated in the report. */
  conversationType?: Report['conversationType'];
  /** Called before each rule is checked (progress on a TTY). */
  onRule?: (rule: Rule, index: number, total: number) => void;
  /** Called with each rule's finding as soon as it is judged (the progress line's fail count). */
  onFinding?: (finding: Finding) => void;
  /**
   * Stops the run (Ctrl+C): the rule being checked and those not reached are skipped as not
   * checked, and the report is marked interrupted (decision 0017).
   */
  signal?: AbortSignal;
}

const interruptedReason = 'the run was interrupted (Ctrl+C) before this rule was checked';

/**
 * Checks each selected rule against the candidate, in catalogue order. A rule that does not apply
 * to the target kind or to the bot's conversation type is skipped as not applicable, with that
 * reason; the checks decide the rest.
 */
export async function runRules(context: RunContext, options: RunOptions): Promise<Report> {
  const startedAt = new Date();
  const results: Finding[] = [];
  const byRule = new Map<string, Check>();
  for (const check of options.checks) byRule.set(check.ruleId, check);
  const { signal } = options;
  const push = (result: Finding) => {
    results.push(result);
    options.onFinding?.(result);
  };
  let index = 0;
  for (const rule of options.rules) {
    options.onRule?.(rule, index++, options.rules.length);
    const started = performance.now();
    const notApplicable = whyNotApplicable(rule, context);
    if (notApplicable) {
      push(finding(rule, { status: 'skipped', message: notApplicable, applicable: false }, 0));
      continue;
    }
    const stopped = signal?.aborted ? interruptedReason : interruptionOf(context)?.reason;
    if (stopped) {
      push(finding(rule, notChecked(stopped), 0));
      continue;
    }
    const check = byRule.get(rule.id);
    if (!check)
      throw new HarnessError('TPB_INTERNAL', `No check is registered for rule ${rule.id}.`);
    try {
      const outcome = await untilAborted(check.run(context), signal);
      if (!outcome) {
        push(finding(rule, notChecked(interruptedReason), performance.now() - started));
        continue;
      }
      const judged = unusedFeature(rule, context, outcome);
      // A check during which the candidate was interrupted judged requests that never went out.
      const interrupted = interruptionOf(context);
      push(
        finding(
          rule,
          interrupted ? notChecked(interrupted.reason, judged) : judged,
          performance.now() - started,
        ),
      );
    } catch (error) {
      if (error instanceof HarnessError) throw error;
      throw new HarnessError(
        'TPB_INTERNAL',
        `The check of ${rule.id} failed inside the harness: ${(error as Error).message}.`,
        { cause: error },
      );
    }
  }
  const interruption = interruptionOf(context);
  if (interruption) failUnanswered(results, interruption);
  return buildReport(results, options, startedAt);
}

/**
 * The check's outcome, or undefined when the run is stopped first: Ctrl+C does not wait for a
 * check that may be waiting out a 60 s timeout. The abandoned check ends against the stopped
 * mock cloud and candidate; its late failure is of no interest.
 */
async function untilAborted(
  outcome: Promise<CheckOutcome>,
  signal: AbortSignal | undefined,
): Promise<CheckOutcome | undefined> {
  if (!signal) return outcome;
  let onAbort = () => {};
  const aborted = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  outcome.catch(() => {});
  try {
    return await Promise.race([outcome, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** Why the run stopped calling the candidate, if it did: only a Custom Endpoint is called directly. */
const interruptionOf = (context: RunContext): Interruption | undefined =>
  customEndpointTarget(context.target)?.interruption.interruption;

/** A rule left unchecked: the run stopped calling a candidate that stopped answering, or was stopped. */
function notChecked(reason: string, outcome?: CheckOutcome): CheckOutcome {
  const had = outcome
    ? ` (its check had concluded "${outcome.message}" from requests that were not sent)`
    : '';
  return {
    status: 'skipped',
    message: `Not checked: ${reason}${had}.`,
    evidence: outcome?.evidence ?? [],
  };
}

/**
 * A candidate that stopped answering breaks CE-ROUTE-03 (every request answered within the
 * timeout) whatever that rule's own probes saw, and whether or not it was selected: the
 * timed-out requests are its evidence.
 */
function failUnanswered(results: Finding[], interruption: Interruption): void {
  const rule = ruleById('CE-ROUTE-03');
  if (!rule) return;
  const outcome = fail(
    `${interruption.timeouts.length} requests in a row to the candidate's ${interruption.route} route, each sent after the previous one timed out, got no answer in time; the run stopped calling it (decision 0015).`,
    { evidence: [...interruption.timeouts] },
  );
  const at = results.findIndex((result) => result.ruleId === rule.id);
  const failed = finding(rule, outcome, at >= 0 ? (results[at]?.durationMs ?? 0) : 0);
  if (at >= 0) results[at] = failed;
  else results.push(failed);
}

function whyNotApplicable(rule: Rule, context: RunContext): string | undefined {
  const { kind } = context.target;
  if (!rule.targets.includes(kind)) {
    return `${rule.id} applies to ${rule.targets.join(', ')} targets, not ${kind}.`;
  }
  const types = rule.conversationTypes;
  if (types && !types.some((type) => context.conversationTypes.includes(type))) {
    return `${rule.id} concerns ${types.join(' and ')} conversations; the bot is configured for ${context.conversationTypes.join(' and ')} only (--conversation-type).`;
  }
  return undefined;
}

/** A skip over a feature the bot states it does not use (`--unused`) is not applicable. */
function unusedFeature(rule: Rule, context: RunContext, outcome: CheckOutcome): CheckOutcome {
  const { unused } = context.config;
  const features = rule.features ?? [];
  if (outcome.status !== 'skipped' || features.length === 0) return outcome;
  if (!features.every((feature) => unused.includes(feature))) return outcome;
  return {
    ...outcome,
    message: `${outcome.message} The bot does not use ${features.join(' or ')} (--unused), so the rule does not apply.`,
    applicable: false,
  };
}

/** A rule's finding from its check's outcome, with the rule's title, docs and level. */
export function finding(
  rule: Rule,
  outcome: Awaited<ReturnType<Check['run']>>,
  durationMs: number,
): Finding {
  const warnings =
    outcome.status === 'pass-with-warning'
      ? outcome.warnings?.length
        ? outcome.warnings
        : [outcome.message]
      : outcome.warnings;
  return {
    ruleId: rule.id,
    title: rule.title,
    docs: [...rule.docs],
    level: rule.level,
    status: outcome.status,
    message: outcome.message,
    ...(outcome.expected !== undefined ? { expected: outcome.expected } : {}),
    ...(outcome.actual !== undefined ? { actual: outcome.actual } : {}),
    ...(warnings && warnings.length > 0 ? { warnings } : {}),
    ...(outcome.status === 'skipped' && outcome.applicable === false ? { applicable: false } : {}),
    durationMs: Math.round(durationMs),
    evidence: outcome.evidence ?? [],
  };
}

/** The report of a run from its findings: the verdict, the summary counts, the limits applied. */
export function buildReport(
  results: Finding[],
  options: Pick<RunOptions, 'strict' | 'target' | 'conversationType' | 'signal'>,
  startedAt: Date,
): Report {
  const count = (status: Finding['status']) =>
    results.filter((result) => result.status === status).length;
  return {
    tool: { name: 'tpb-conformance', version: toolVersion },
    target: options.target,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    strict: options.strict,
    ...(options.signal?.aborted ? { interrupted: true } : {}),
    ...judgeRun(results, options.strict),
    ...(options.conversationType ? { conversationType: options.conversationType } : {}),
    evidenceBodyLimitBytes,
    bodyReadLimitBytes: defaultBodyLimitBytes,
    summary: {
      total: results.length,
      passed: count('pass'),
      failed: count('fail'),
      warnings: count('pass-with-warning'),
      skipped: count('skipped'),
      info: count('info'),
    },
    results,
  };
}

/**
 * 0: no MUST rule failed; 1: one did (or a SHOULD rule, or an unchecked MUST rule, under
 * --strict); 2: no check ran at all.
 */
export function exitCodeOf(report: Report): 0 | 1 | 2 {
  const ran = report.results.some((result) => result.status !== 'skipped');
  if (!ran) return 2;
  if (report.verdict === 'fail') return 1;
  return report.verdict === 'incomplete' && report.strict ? 1 : 0;
}
