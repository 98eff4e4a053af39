// Spec: tpb-platform.md §1 step 2 and §11 (a bot serves 999 open conversations; a new one beyond
// is error-escalated with …conversation-limit-checker.max-conv-limit-reached, the others are
// unaffected), §8 and §13 (60 s per Custom Endpoint request, 30 s per function invocation).
import {
  type Check,
  describeStats,
  engineTarget,
  fail,
  latencyStats,
  pass,
} from '../../harness/index.ts';
import { maxConversationLimitReached } from '../../mocks/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import {
  conversationCap,
  type LimitEvent,
  type LimitScenario,
  limitScenario,
  type Phase,
} from './limit-scenario.ts';
import {
  connectorSkipped,
  failureEvidence,
  mockCapacity,
  note,
  notStarted,
  notTheBots,
  summarize,
} from './limit-support.ts';

const servedPhases: readonly Phase[] = ['open-250', 'open-999', 'while-over-limit'];

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** Fails with the failed events, or passes with the stats. */
function judgeEvents(
  ruleId: string,
  events: readonly LimitEvent[],
  what: string,
  timeoutMs: number,
  scenario: LimitScenario,
) {
  const all = events.filter((event) => event.outcome !== 'ok');
  const stats = latencyStats(events);
  if (all.length > 0) {
    const excused = notTheBots(ruleId, scenario, all);
    if (excused) return excused;
    // The bot's own failures; any the mock caused are left out.
    const failed = all.filter((event) => !mockCapacity(event));
    return fail(
      `${ruleId}: expected ${what} to get a valid reply within ${seconds(timeoutMs)}, none error-escalated; got ${failed.length} of ${events.length} failed (${summarize(failed)}). Serve ${conversationCap} conversations at once: no per-bot cap of your own, answers well within the timeout.`,
      {
        expected: `${events.length} valid replies within ${seconds(timeoutMs)}`,
        actual: `${failed.length} failed: ${summarize(failed)}`,
        evidence: [note(describeStats(stats)), ...failureEvidence(scenario, failed)],
      },
    );
  }
  return pass(
    `${ruleId}: ${what} got a valid reply within ${seconds(timeoutMs)} (${describeStats(stats)}).`,
    [note(describeStats(stats))],
  );
}

/** LIMIT-01: every event of the 999 conversations (opening them, and once more) is answered. */
export const limit01ServesCap: Check = {
  ruleId: 'LIMIT-01',
  async run(context) {
    if (!engineTarget(context.target)) return connectorSkipped('LIMIT-01');
    const scenario = await limitScenario(context);
    if (!scenario.started) return notStarted('LIMIT-01', scenario);
    const events = scenario.events.filter((event) => servedPhases.includes(event.phase));
    return judgeEvents(
      'LIMIT-01',
      events,
      `with ${conversationCap} conversations open on one bot, every one of their ${events.length} events`,
      scenario.platformTimeoutMs,
      scenario,
    );
  },
};

/** LIMIT-02: conversation #1000 is escalated with the limit code and never reaches the candidate. */
export const limit02EscalatesOverCap: Check = {
  ruleId: 'LIMIT-02',
  async run(context) {
    if (!engineTarget(context.target)) return connectorSkipped('LIMIT-02');
    const scenario = await limitScenario(context);
    if (!scenario.started) return notStarted('LIMIT-02', scenario);
    const { over, openWhenOver } = scenario;
    const evidence: Evidence[] =
      over?.errorId && over.at
        ? [
            {
              kind: 'escalation',
              conversationId: over.conversationId,
              code: over.codes[0] ?? '',
              errorId: over.errorId,
              at: over.at,
            },
          ]
        : [];
    const expected = `#${conversationCap + 1} error-escalated with ${maxConversationLimitReached}, no call to the candidate`;
    if (openWhenOver < conversationCap) {
      const failed = scenario.events.filter(
        (event) =>
          event.outcome !== 'ok' && (event.phase === 'open-250' || event.phase === 'open-999'),
      );
      const excused = notTheBots('LIMIT-02', scenario, failed);
      if (excused) return excused;
      return fail(
        `LIMIT-02: expected ${conversationCap} conversations open on the bot when #${conversationCap + 1} arrived, got ${openWhenOver}: the others left the bot (${summarize(failed) || 'closed or transferred'}), so the cap was never reached. Keep ${conversationCap} conversations open and answered (LIMIT-01).`,
        {
          expected,
          actual: `${openWhenOver} open conversations on the bot`,
          evidence: [...evidence, ...failureEvidence(scenario, failed)],
        },
      );
    }
    if (!over?.codes.includes(maxConversationLimitReached) || over.calls > 0) {
      return fail(
        `LIMIT-02: expected conversation #${conversationCap + 1} to be error-escalated with ${maxConversationLimitReached} and never to reach the candidate, got codes [${over?.codes.join(', ') ?? ''}] and ${over?.calls ?? 0} call(s) to the candidate.`,
        {
          expected,
          actual: `codes [${over?.codes.join(', ') ?? ''}], ${over?.calls ?? 0} calls`,
          evidence,
        },
      );
    }
    return pass(
      `LIMIT-02: with ${openWhenOver} conversations open, #${conversationCap + 1} was error-escalated with ${maxConversationLimitReached} (now on skill "${over.skill}") and the candidate received no call for it.`,
      evidence,
    );
  },
};

/** LIMIT-03: while #1000 is escalated, one more event in each of the 999 is answered. */
export const limit03KeepsServing: Check = {
  ruleId: 'LIMIT-03',
  async run(context) {
    if (!engineTarget(context.target)) return connectorSkipped('LIMIT-03');
    const scenario = await limitScenario(context);
    if (!scenario.started) return notStarted('LIMIT-03', scenario);
    const events = scenario.events.filter((event) => event.phase === 'while-over-limit');
    return judgeEvents(
      'LIMIT-03',
      events,
      `while #${conversationCap + 1} was escalated, one more event ("${scenario.texts.again}") in each of the ${conversationCap} open conversations`,
      scenario.platformTimeoutMs,
      scenario,
    );
  },
};

/** LIMIT-04: after one of the 999 closes, a new conversation is served normally. */
export const limit04CapCountsOpen: Check = {
  ruleId: 'LIMIT-04',
  async run(context) {
    if (!engineTarget(context.target)) return connectorSkipped('LIMIT-04');
    const scenario = await limitScenario(context);
    if (!scenario.started) return notStarted('LIMIT-04', scenario);
    const { afterClose } = scenario;
    const event = scenario.events.find((item) => item.phase === 'after-close');
    if (!afterClose || !event || event.outcome !== 'ok' || afterClose.codes.length > 0) {
      const got = event
        ? `${event.outcome}${event.code ? ` with ${event.code}` : ''}${event.detail ? ` (${event.detail})` : ''}`
        : 'nothing';
      return fail(
        `LIMIT-04: expected a new conversation to be served normally after one of the ${conversationCap} closed (the cap counts open conversations), got ${got}. Count only open conversations, if you count at all: the platform does not tell a Custom Endpoint when one closes.`,
        {
          expected: 'a valid reply, no error escalation',
          actual: got,
          evidence: event ? failureEvidence(scenario, [event]) : [],
        },
      );
    }
    return pass(
      `LIMIT-04: after conversation ${afterClose.closed} closed, the new conversation ${afterClose.conversationId} was served normally (${Math.round(event.latencyMs ?? 0)} ms).`,
    );
  },
};
