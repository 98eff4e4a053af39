/**
 * Every error response the candidate sent during the run outside the attacks: to the harness's
 * direct calls (CE-* rules, probes) and to every engine bot the run started (the shared session,
 * FLOW-*, LIMIT-*), as the run's log recorded them. SEC-12 and SEC-13 judge them all, not only
 * the answers to attack tokens: a 404 that echoes the bearer leaks it as surely as a 401 does.
 */
import {
  customEndpointTarget,
  type ObservedErrorResponse,
  type RunContext,
} from '../../harness/index.ts';
import type { RuleRun } from './attack-run.ts';

/** The run's error responses the attacks did not draw, and how many the log did not keep. */
export function runErrorResponses(
  context: RunContext,
  attackRuns: readonly RuleRun[],
): { responses: ObservedErrorResponse[]; dropped: number } {
  const attacks = new Set(
    attackRuns.flatMap((run) =>
      run.results.flatMap((result) => result.answers.map((answer) => answer.response.evidence)),
    ),
  );
  const log = customEndpointTarget(context.target)?.errorResponses;
  return {
    responses: (log?.entries ?? []).filter((response) => !attacks.has(response.evidence)),
    dropped: log?.dropped ?? 0,
  };
}
