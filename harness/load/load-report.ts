import { defaultMaxOpenConversations, mockCapacityNote } from '../../mocks/index.ts';
import type { Evidence, Finding, LoadResult, Report } from '../../schemas/index.ts';
import { ruleById } from '../rules/index.ts';
import { type CheckOutcome, fail, info, pass, skipped } from '../runner/check.ts';
import { buildReport, finding } from '../runner/runner.ts';
import { describeStats, p95BudgetMs } from './latency-stats.ts';
import type { LoadOptions, LoadRun, LoadTurn } from './run-load.ts';

const note = (text: string): Evidence => ({ kind: 'note', text });

/** "2 timed out, 1 failed, 0 unanswered (tpb-conformance.mock.customendpoint.timeout: 2, …)" */
function summarize(turns: readonly LoadTurn[]): string {
  const count = (outcome: LoadTurn['outcome']) =>
    turns.filter((turn) => turn.outcome === outcome).length;
  const codes = new Map<string, number>();
  for (const turn of turns) {
    const key = turn.code ?? turn.detail ?? turn.outcome;
    codes.set(key, (codes.get(key) ?? 0) + 1);
  }
  const byCode = [...codes].map(([code, n]) => `${code}: ${n}`).join(', ');
  return `${count('timeout')} timed out, ${count('error')} failed, ${count('unanswered')} unanswered (${byCode})`;
}

/**
 * Why a rule that would fail on these turns is not the bot's failure, when it is not: the mock
 * could not publish in time, or the harness was saturated and the failures are all timing
 * (decision 0015). An error answer is the bot's whatever the harness's load.
 */
function notTheBots(
  ruleId: string,
  run: LoadRun,
  failed: readonly LoadTurn[],
): CheckOutcome | undefined {
  if (failed.every((turn) => turn.detail?.includes(mockCapacityNote))) {
    return skipped(
      `${ruleId}: not checked: the mock platform could not publish ${failed.length} of the bot's replies in time (its own UMS was the bottleneck, not the bot). Run the load on a machine with more CPU, or with fewer conversations.`,
    );
  }
  const timing = failed.every(
    (turn) => turn.outcome === 'timeout' || turn.outcome === 'unanswered',
  );
  if (!run.saturation.trustworthy && timing) {
    return skipped(
      `${ruleId}: not checked: ${run.saturation.reason}, so the timeouts it measured are its own, not the bot's. Run the load with a ramp-up (--ramp-up), on a machine with more CPU, or from several machines (--export k6).`,
    );
  }
  return undefined;
}

/** LIMIT-01 on the served conversations: every turn answered in time, none escalated. */
function limit01(run: LoadRun, served: readonly LoadTurn[]): CheckOutcome {
  const failed = served.filter((turn) => turn.outcome !== 'ok');
  const conversations = new Set(served.map((turn) => turn.conversationId)).size;
  const scope = `${conversations} concurrent conversations (${served.length} turns)`;
  if (failed.length === 0) {
    return pass(
      `LIMIT-01: every turn of ${scope} got a reply within the platform timeout, none escalated.`,
    );
  }
  return (
    notTheBots('LIMIT-01', run, failed) ??
    fail(
      `LIMIT-01: expected every turn of ${scope} to get a reply within the platform timeout without escalation, got ${summarize(failed)}. Keep up with the load: answer each event within the timeout, without errors.`,
      {
        expected: 'every turn answered in time, none escalated',
        actual: summarize(failed),
        evidence: [note(`Failed turns: ${summarize(failed)}`), ...run.failureEvidence],
      },
    )
  );
}

/** LIMIT-02: the conversations over the cap escalated with its code, never handed over. */
function limit02(run: LoadRun): CheckOutcome {
  const over = run.conversations - defaultMaxOpenConversations;
  const escalated = run.overCapIds.length;
  const handed = run.overCapReachedCandidate;
  if (escalated >= over && handed === 0) {
    return pass(
      `LIMIT-02: the ${over} conversation(s) over the cap of ${defaultMaxOpenConversations} were escalated with max-conv-limit-reached, and none reached the candidate.`,
    );
  }
  return fail(
    `LIMIT-02: expected the ${over} conversation(s) over the cap of ${defaultMaxOpenConversations} to be escalated with max-conv-limit-reached and never reach the candidate, got ${escalated} escalated with that code and ${handed} of them handed to the candidate.`,
    {
      expected: `${over} escalated, 0 handed to the candidate`,
      actual: `${escalated} escalated, ${handed} handed to the candidate`,
    },
  );
}

/** LIMIT-05: the p95 as the consumer saw it within the budget, and no failed turn. */
function limit05(run: LoadRun, served: readonly LoadTurn[]): CheckOutcome {
  const failed = served.filter((turn) => turn.outcome !== 'ok');
  const p95 = Math.round(run.turnLatency.p95Ms);
  if (failed.length === 0 && p95 <= p95BudgetMs) {
    return pass(
      `LIMIT-05: p95 turn latency ${p95} ms as the consumer saw it (budget ${p95BudgetMs} ms), no failed turn.`,
    );
  }
  const harnessPaced =
    failed.length === 0 && !run.saturation.trustworthy
      ? skipped(
          `LIMIT-05: not checked: ${run.saturation.reason}, so the p95 of ${p95} ms is the harness's own. Run the load with a ramp-up (--ramp-up) or from several machines (--export k6).`,
        )
      : undefined;
  return (
    harnessPaced ??
    (failed.length > 0 ? notTheBots('LIMIT-05', run, failed) : undefined) ??
    fail(
      `LIMIT-05: expected p95 ≤ ${p95BudgetMs} ms and no failed turn, got p95 ${p95} ms and ${failed.length} failed. Answer within a few seconds under this load.`,
      {
        expected: `p95 ≤ ${p95BudgetMs} ms, 0 failed`,
        actual: `p95 ${p95} ms, ${failed.length} failed`,
        evidence: [note(`Turns: ${describeStats(run.turnLatency)}`), ...run.failureEvidence],
      },
    )
  );
}

/** LIMIT-06: the figures, for the record. */
function limit06(run: LoadRun): CheckOutcome {
  const escalations = Object.entries(run.escalations)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  return info(
    `LIMIT-06: ${run.turns} of ${run.turnsPlanned} turns in ${Math.round(run.wallMs)} ms (${run.turnsPerSecond} turns/s); as the consumer saw them: ${describeStats(run.turnLatency)}; calls to the candidate: ${describeStats(run.vendorLatency)}; ${run.retries} retries; escalations: ${escalations || 'none'}; the harness: ${run.saturation.trustworthy ? 'kept up' : run.saturation.reason}.`,
  );
}

/** The figures report.json keeps, without what only the findings needed. */
function figuresOf(run: LoadRun): LoadResult {
  const {
    started: _started,
    startDetail: _startDetail,
    turnLog: _turnLog,
    failureEvidence: _failureEvidence,
    overCapIds: _overCapIds,
    overCapReachedCandidate: _overCapReachedCandidate,
    ...figures
  } = run;
  return figures;
}

/**
 * The report of a load: the LIMIT rules a load judges, and its figures in `load`. LIMIT-01 and
 * LIMIT-05 judge the conversations the bot served; LIMIT-02 those over the cap, when more than
 * 999 were opened. LIMIT-03 and LIMIT-04 need the certification's own scenario (`run`).
 */
export function loadReport(
  run: LoadRun,
  options: LoadOptions,
  target: Report['target'],
  startedAt: Date,
): Report {
  const overCap = new Set(run.overCapIds);
  const served = run.turnLog.filter((turn) => !overCap.has(turn.conversationId));
  const outcomes: [string, CheckOutcome][] = run.started
    ? [
        ['LIMIT-01', limit01(run, served)],
        ...(run.conversations > defaultMaxOpenConversations
          ? [['LIMIT-02', limit02(run)] as [string, CheckOutcome]]
          : []),
        ['LIMIT-05', limit05(run, served)],
        ['LIMIT-06', limit06(run)],
      ]
    : [
        [
          'LIMIT-01',
          fail(
            `LIMIT-01: expected the engine's bot to start and take conversations, got a failed start (${run.startDetail}). Fix Test Connection first ("tpb-conformance test-connection").`,
            { expected: 'the bot starts', actual: run.startDetail },
          ),
        ],
      ];
  const results: Finding[] = outcomes.map(([ruleId, outcome]) => {
    const rule = ruleById(ruleId);
    if (!rule) throw new Error(`No rule ${ruleId} in the catalogue.`);
    return finding(rule, outcome, 0);
  });
  return {
    ...buildReport(results, { strict: false, target }, startedAt),
    load: {
      options: {
        conversations: options.conversations,
        turns: options.turns,
        rampUpMs: Math.round(options.rampUpMs),
        thinkTimeMs: Math.round(options.thinkTimeMs),
        ...(options.durationMs !== undefined ? { durationMs: Math.round(options.durationMs) } : {}),
      },
      result: figuresOf(run),
    },
  };
}
