// Spec: tpb-platform.md §11 (the recommended load is 250 open and active conversations per bot;
// the cap is 999), rules.md LIMIT-05 (p95 ≤ 5 s, configurable) and LIMIT-06 (measurements).
import {
  type Check,
  describeStats,
  engineTarget,
  fail,
  info,
  p95BudgetMs,
  pass,
} from '../../harness/index.ts';
import { conversationCap, limitScenario, recommendedLoad } from './limit-scenario.ts';
import { connectorSkipped, failureEvidence, note, notTheBots, summarize } from './limit-support.ts';

/** LIMIT-05: at 250 concurrent conversations, p95 ≤ 5 s and no event fails. */
export const limit05RecommendedLoad: Check = {
  ruleId: 'LIMIT-05',
  async run(context) {
    if (!engineTarget(context.target)) return connectorSkipped('LIMIT-05');
    const scenario = await limitScenario(context);
    if (!scenario.started) {
      return fail(
        `LIMIT-05: expected the engine's bot to start and take conversations, got a failed start (${scenario.startDetail}). Fix FLOW-01 (Test Connection) first.`,
        {
          expected: 'the bot starts',
          actual: scenario.startDetail,
          evidence: scenario.startEvidence,
        },
      );
    }
    const stats = scenario.at250;
    const failed = scenario.events.filter(
      (event) => event.phase === 'open-250' && event.outcome !== 'ok',
    );
    const measured = `${recommendedLoad} conversations opened at once: ${describeStats(stats)}`;
    if (failed.length > 0 || stats.p95Ms > p95BudgetMs) {
      const excused = notTheBots('LIMIT-05', scenario, failed);
      if (excused) return excused;
      return fail(
        `LIMIT-05: expected p95 ≤ ${p95BudgetMs} ms and no failed event at ${recommendedLoad} concurrent conversations, got p95 ${Math.round(stats.p95Ms)} ms and ${failed.length} failed${failed.length > 0 ? ` (${summarize(failed)})` : ''}. Answer within a few seconds under the recommended load per bot.`,
        {
          expected: `p95 ≤ ${p95BudgetMs} ms, 0 failed`,
          actual: `p95 ${Math.round(stats.p95Ms)} ms, ${failed.length} failed`,
          evidence: [note(measured), ...failureEvidence(scenario, failed)],
        },
      );
    }
    return pass(`LIMIT-05: ${measured}.`, [note(measured)]);
  },
};

/** LIMIT-06: latency percentiles and failure counts at 250 and at 999 conversations. */
export const limit06Measurements: Check = {
  ruleId: 'LIMIT-06',
  async run(context) {
    if (!engineTarget(context.target)) return connectorSkipped('LIMIT-06');
    const scenario = await limitScenario(context);
    if (!scenario.started) {
      return info(
        `LIMIT-06: nothing measured: the engine's bot did not start (${scenario.startDetail}).`,
        scenario.startEvidence,
      );
    }
    const at250 = `at ${recommendedLoad} concurrent conversations: ${describeStats(scenario.at250)}`;
    const at999 = `at ${conversationCap} concurrent conversations: ${describeStats(scenario.at999)}`;
    return info(
      `LIMIT-06: reply latency (engine hands over the event → the candidate's answer) ${at250}; ${at999}. Scenario took ${Math.round(scenario.durationMs)} ms.`,
      [note(at250), note(at999)],
    );
  },
};
