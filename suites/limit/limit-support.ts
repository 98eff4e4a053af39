import { type CheckOutcome, fail, notApplicable, saturationLagMs } from '../../harness/index.ts';
import { mockCapacityNote } from '../../mocks/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import type { LimitEvent, LimitScenario } from './limit-scenario.ts';

export const note = (text: string): Evidence => ({ kind: 'note', text });

/** Not applicable to connector targets: the UMS suite drives a connector's conversations. */
export function connectorSkipped(ruleId: string): CheckOutcome {
  return notApplicable(
    `${ruleId}: for connector targets this rule is judged by the UMS suite (suites/connector), which drives the connector's own conversations.`,
  );
}

/** The outcome of a LIMIT rule when the scenario's bot did not start. */
export function notStarted(ruleId: string, scenario: LimitScenario): CheckOutcome {
  return fail(
    `${ruleId}: expected the engine's bot to start and take conversations, got a failed start (${scenario.startDetail}). Fix FLOW-01 (Test Connection) first.`,
    {
      expected: 'the bot starts (Test Connection passes)',
      actual: scenario.startDetail,
      evidence: scenario.startEvidence,
    },
  );
}

/** Whether an event failed because the mock itself could not keep up, not the candidate. */
export function mockCapacity(event: LimitEvent): boolean {
  return event.detail?.includes(mockCapacityNote) ?? false;
}

/**
 * Why a LIMIT rule that would fail on these events is not the bot's failure, when it is not:
 * every failure was the mock's own, or the harness was saturated. Undefined: judge the bot.
 */
export function notTheBots(
  ruleId: string,
  scenario: LimitScenario,
  failed: readonly LimitEvent[],
): CheckOutcome | undefined {
  if (failed.length > 0 && failed.every(mockCapacity)) {
    return mockCouldNotKeepUp(ruleId, scenario, failed);
  }
  return harnessSaturated(ruleId, scenario);
}

/**
 * The outcome of a LIMIT rule whose only failures were the mock's: not checked, with the reason,
 * since a verdict on them would blame the bot for the harness's own limit (decision 0015).
 */
function mockCouldNotKeepUp(
  ruleId: string,
  scenario: LimitScenario,
  failed: readonly LimitEvent[],
): CheckOutcome {
  return {
    status: 'skipped',
    message: `${ruleId}: not checked: the mock platform could not publish ${failed.length} of the bot's replies in time (its own UMS was the bottleneck under this load, not the bot; the candidate answered every call it got). Run the certification on a machine with more CPU, or with smaller replies.`,
    evidence: failureEvidence(scenario, failed),
  };
}

/**
 * The outcome of a LIMIT rule that failed while the harness itself was saturated: not checked,
 * with the measured lag, since the harness set the pace, not the bot (decision 0015).
 */
function harnessSaturated(ruleId: string, scenario: LimitScenario): CheckOutcome | undefined {
  if (scenario.loopLagP99Ms < saturationLagMs) return undefined;
  return {
    status: 'skipped',
    message: `${ruleId}: not checked: the harness was saturated during the scenario (its event loop ran ${scenario.loopLagP99Ms} ms late at p99, over ${saturationLagMs} ms), so the latencies and timeouts it measured are its own, not the bot's. Run the certification on a machine with more CPU, or with smaller replies.`,
    evidence: [note(`event-loop lag p99 ${scenario.loopLagP99Ms} ms during the LIMIT scenario`)],
  };
}

/** `code ×3, unanswered ×1` */
export function summarize(events: readonly LimitEvent[]): string {
  const counts = new Map<string, number>();
  for (const event of events) {
    const key = event.code ?? (event.outcome === 'unanswered' ? 'unanswered' : event.outcome);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].map(([key, count]) => `${key} ×${count}`).join(', ');
}

/** Escalation evidence of the first few failed events, and the exchanges kept for them. */
export function failureEvidence(
  scenario: LimitScenario,
  events: readonly LimitEvent[],
): Evidence[] {
  const escalations: Evidence[] = events.slice(0, 5).flatMap((event) =>
    event.code && event.errorId && event.at
      ? [
          {
            kind: 'escalation' as const,
            conversationId: event.conversationId,
            code: event.code,
            errorId: event.errorId,
            at: event.at,
            ...(event.detail ? { detail: event.detail } : {}),
          },
        ]
      : [
          note(
            `conversation ${event.conversationId} (${event.phase}): ${event.outcome}${event.detail ? ` (${event.detail})` : ''}`,
          ),
        ],
  );
  return [...escalations, ...scenario.failureEvidence];
}
