import type { Finding } from '../../schemas/generated/finding.ts';
import type { Report } from '../../schemas/generated/report.ts';
import type { Check } from '../checks/check.ts';
import { HarnessError } from '../harness-error.ts';
import type { Rule } from '../rules/rule.ts';
import { toolVersion } from '../tool-version.ts';
import type { RunContext } from './run-context.ts';

export interface RunOptions {
  rules: readonly Rule[];
  checks: readonly Check[];
  strict: boolean;
  target: Report['target'];
  /** Called before each rule is checked (progress on a TTY). */
  onRule?: (rule: Rule, index: number, total: number) => void;
}

/**
 * Checks each selected rule against the candidate, in catalogue order. A rule that does not apply
 * to the target kind is skipped with that reason; the checks decide the rest.
 */
export async function runRules(context: RunContext, options: RunOptions): Promise<Report> {
  const startedAt = new Date();
  const results: Finding[] = [];
  const byRule = new Map<string, Check>();
  for (const check of options.checks) byRule.set(check.ruleId, check);
  let index = 0;
  for (const rule of options.rules) {
    options.onRule?.(rule, index++, options.rules.length);
    const started = performance.now();
    if (!rule.targets.includes(context.kind)) {
      results.push(
        finding(
          rule,
          {
            status: 'skipped',
            message: `${rule.id} applies to ${rule.targets.join(', ')} targets, not ${context.kind}.`,
          },
          0,
        ),
      );
      continue;
    }
    const check = byRule.get(rule.id);
    if (!check)
      throw new HarnessError('TPB_INTERNAL', `No check is registered for rule ${rule.id}.`);
    try {
      const outcome = await check.run(context);
      results.push(finding(rule, outcome, performance.now() - started));
    } catch (error) {
      if (error instanceof HarnessError) throw error;
      throw new HarnessError(
        'TPB_INTERNAL',
        `The check of ${rule.id} failed inside the harness: ${(error as Error).message}.`,
        { cause: error },
      );
    }
  }
  return buildReport(results, options, startedAt);
}

function finding(
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
    level: rule.level,
    status: outcome.status,
    message: outcome.message,
    ...(outcome.expected !== undefined ? { expected: outcome.expected } : {}),
    ...(outcome.actual !== undefined ? { actual: outcome.actual } : {}),
    ...(warnings && warnings.length > 0 ? { warnings } : {}),
    durationMs: Math.round(durationMs),
    evidence: outcome.evidence ?? [],
  };
}

/** Whether a finding fails the run: a failed MUST always, a failed SHOULD under --strict. */
export function failsRun(result: Finding, strict: boolean): boolean {
  return (
    result.status === 'fail' && (result.level === 'MUST' || (strict && result.level === 'SHOULD'))
  );
}

function buildReport(results: Finding[], options: RunOptions, startedAt: Date): Report {
  const count = (status: Finding['status']) =>
    results.filter((result) => result.status === status).length;
  return {
    tool: { name: 'tpb-conformance', version: toolVersion },
    target: options.target,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    strict: options.strict,
    verdict: results.some((result) => failsRun(result, options.strict)) ? 'fail' : 'pass',
    evidenceBodyLimitBytes: 1024 * 1024,
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

/** 0: no MUST rule failed; 1: one did (or a SHOULD under --strict); 2: no check ran at all. */
export function exitCodeOf(report: Report): 0 | 1 | 2 {
  const ran = report.results.some((result) => result.status !== 'skipped');
  if (!ran) return 2;
  return report.verdict === 'fail' ? 1 : 0;
}
