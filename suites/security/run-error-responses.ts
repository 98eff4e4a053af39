/**
 * Every error response the candidate sent during the run outside the attacks: the harness's
 * direct calls (CE-* rules, probes) as received, and the engine's calls in the shared session.
 * SEC-12 and SEC-13 judge them all, not only the answers to attack tokens: a 404 that echoes the
 * bearer leaks it as surely as a 401 does.
 */
import type { RunContext } from '../../harness/runner/run-context.ts';
import { exchangeEvidence } from '../../mocks/tpb/vendor-exchange.ts';
import type { HTTPEvidence } from '../../schemas/generated/evidence.ts';
import type { RuleRun } from './attack-run.ts';

/** One error response, as far as it can be inspected. */
export interface RunErrorResponse {
  /** `GET /v1/bots/…/state 404`, or the engine's call. */
  label: string;
  /**
   * What was received. The engine's record is its scrubbed body only (its headers are redacted
   * by name, so a marker there proves nothing).
   */
  text: string;
  /** True when `text` is the engine's scrubbed record: an echoed bearer shows as the marker. */
  scrubbed: boolean;
  evidence: HTTPEvidence;
}

/** The redaction marker the engine writes where its bearer was (mocks/tpb/vendor-exchange.ts). */
export const redactionMarker = '[redacted]';

export async function runErrorResponses(
  context: RunContext,
  attackRuns: readonly RuleRun[],
): Promise<RunErrorResponse[]> {
  const attacks = new Set(
    attackRuns.flatMap((run) =>
      run.results.flatMap((result) => result.answers.map((answer) => answer.response.evidence)),
    ),
  );
  const direct = (context.http?.errorResponses ?? [])
    .filter((response) => !attacks.has(response.evidence))
    .map((response) => ({ ...response, scrubbed: false }));
  return [...direct, ...(await engineErrors(context))];
}

async function engineErrors(context: RunContext): Promise<RunErrorResponse[]> {
  if (context.kind !== 'custom-endpoint') return [];
  const session = await context.session();
  const logs = [session.startLog, ...session.conversations.map((each) => each.log)];
  return logs.flat().flatMap((entry) => {
    if (entry.kind !== 'vendor-call') return [];
    const { response, request } = entry.exchange;
    if (!response || response.status < 400) return [];
    const path = new URL(request.url).pathname;
    return [
      {
        label: `the engine's ${request.method} ${path} ${response.status}`,
        text: response.body?.text ?? '',
        scrubbed: true,
        evidence: exchangeEvidence(entry.exchange),
      },
    ];
  });
}
