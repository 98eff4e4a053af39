/**
 * FAAS-02 (every invocation within 30 s) and FAAS-03 (SHOULD within 1 s): timed on the
 * harness's own invocations; the session's invocations count when they timed out (FAAS-02) and,
 * over HTTP, with their measured exchange (FAAS-03).
 *
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2 (Errors), §13
 */
import { type Check, faasLimitMs, fail, pass } from '../../harness/index.ts';
import { engineDefaults } from '../../mocks/index.ts';
import type { Evidence } from '../../schemas/index.ts';
import { describeAnswer, evidenceOf, noteEvidence, sessionAnswers } from './faas-answers.ts';
import { faasProbes } from './faas-probes.ts';

/** The docs ask for runtimes under a second (tpb-platform.md §3.2). */
export const recommendedFaasRuntimeMs = 1000;

export const invocationWithinLimitCheck: Check = {
  ruleId: 'FAAS-02',
  async run(context) {
    const limitMs = faasLimitMs(context);
    const own = await faasProbes(context);
    const all = [...own, ...(await sessionAnswers(context))];
    const late = all.filter((answer) => answer.outcome === 'timeout');
    const limit = `${limitMs} ms${limitMs < engineDefaults.faasTimeoutMs ? " (the run's --timeout, under LivePerson's 30 s)" : " (LivePerson's limit)"}`;
    if (late.length > 0) {
      return fail(
        `FAAS-02: expected every invocation to complete within ${limit}, got ${late.length} of ${all.length} that did not; first: ${describeAnswer(late[0] as (typeof late)[number])}. Call back on every path, and keep the work under 30 s (LivePerson escalates with …aivendor.faas.invoke-lambda).`,
        {
          expected: `every invocation answered within ${limitMs} ms`,
          actual: late.map(describeAnswer).join('\n'),
          evidence: evidenceOf(late),
        },
      );
    }
    const slowest = Math.max(0, ...own.map((probe) => probe.durationMs));
    return pass(
      `FAAS-02: all ${all.length} invocation(s) completed within ${limit}; the slowest of the harness's own took ${slowest} ms.`,
    );
  },
};

interface Timing {
  source: string;
  durationMs: number;
  completed: boolean;
  evidence: Evidence[];
}

export const invocationWithinSecondCheck: Check = {
  ruleId: 'FAAS-03',
  async run(context) {
    const timings: Timing[] = (await faasProbes(context)).map((probe) => ({
      source: probe.source,
      durationMs: probe.durationMs,
      completed: probe.outcome !== 'timeout',
      evidence: probe.evidence,
    }));
    for (const answer of await sessionAnswers(context)) {
      const exchanges = answer.evidence.filter(
        (item) => item.kind === 'http' && item.request.method === 'POST',
      );
      for (const item of exchanges) {
        if (item.kind !== 'http') continue;
        timings.push({
          source: answer.source,
          durationMs: Math.round(item.timing.durationMs),
          completed: item.response !== undefined,
          evidence: [item],
        });
      }
      // In-process, the session measures nothing, but a timeout is a late answer all the same.
      if (exchanges.length === 0 && answer.outcome === 'timeout') {
        timings.push({
          source: answer.source,
          durationMs: faasLimitMs(context),
          completed: false,
          evidence: answer.evidence,
        });
      }
    }
    const slow = timings.filter(
      (timing) => !timing.completed || timing.durationMs > recommendedFaasRuntimeMs,
    );
    const describe = (timing: Timing) =>
      `${timing.source}: ${timing.completed ? `${timing.durationMs} ms` : `no answer after ${timing.durationMs} ms`}`;
    if (slow.length > 0) {
      const measured = slow.map(describe);
      return fail(
        `FAAS-03: expected every invocation to complete within ${recommendedFaasRuntimeMs} ms, got ${slow.length} of ${timings.length} slower; first: ${measured[0]}. Keep functions fast (LivePerson recommends under 1 s): cache lookups and avoid slow calls on the conversation path.`,
        {
          expected: `every invocation within ${recommendedFaasRuntimeMs} ms`,
          actual: measured.join('\n'),
          evidence: [
            noteEvidence(`Measured: ${timings.map(describe).join('; ')}`),
            ...slow.slice(0, 5).flatMap((timing) => timing.evidence),
          ],
        },
      );
    }
    const slowest = Math.max(0, ...timings.map((timing) => timing.durationMs));
    return pass(
      `FAAS-03: all ${timings.length} timed invocation(s) completed within ${recommendedFaasRuntimeMs} ms; the slowest took ${slowest} ms.`,
      [noteEvidence(`Measured: ${timings.map(describe).join('; ')}`)],
    );
  },
};
