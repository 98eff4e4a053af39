import { type CheckOutcome, fail, notApplicable, type Session } from '../../harness/index.ts';
import { type BotLogEntry, exchangeEvidence } from '../../mocks/index.ts';
import type { Evidence } from '../../schemas/index.ts';

export const note = (text: string): Evidence => ({ kind: 'note', text });

/** Not applicable to connector targets: the UMS suite judges what a connector does. */
export function connectorSkipped(ruleId: string): CheckOutcome {
  return notApplicable(
    `${ruleId}: for connector targets this rule is judged by the UMS suite (suites/connector), from the connector's own frames.`,
  );
}

/** The outcome of a rule that needs the session's conversations when the bot did not start. */
export function notStarted(ruleId: string, session: Session): CheckOutcome {
  return startFailed(ruleId, session.startDetail, session.startLog);
}

/** The outcome of a rule whose own bot did not start. */
export function startFailed(
  ruleId: string,
  detail: string,
  log: readonly BotLogEntry[],
): CheckOutcome {
  return fail(
    `${ruleId}: expected the engine's bot to start and run the conversations, got a failed start (${detail}). Fix FLOW-01 (Test Connection) first.`,
    {
      expected: 'the bot starts (Test Connection passes)',
      actual: detail,
      evidence: log.flatMap((entry) =>
        entry.kind === 'vendor-call' ? [exchangeEvidence(entry.exchange)] : [],
      ),
    },
  );
}
