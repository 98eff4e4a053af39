/**
 * Hostile candidates that stop answering. The run stops calling them after three rounds of
 * timeouts (decision 0015): CE-ROUTE-03 fails with the timed-out requests as evidence, every
 * later rule is reported not checked with that reason, and the run ends well inside its bound.
 */
import { describe, expect, it } from 'vitest';
import { hungRunBoundMs } from '../../harness/index.ts';
import type { HTTPEvidence } from '../../schemas/index.ts';
import { certifyHostile } from './test-support/certify-hostile.ts';

const timeoutMs = 1000;

describe.each([
  // The first state probe and E1 time out; E1's rule fails before the interruption.
  ['accepts-and-never-answers', ['CE-ROUTE-02', 'CE-ROUTE-03']],
  // Headers arrive, the body never completes within the timeout: the same as no answer.
  ['dribbles', ['CE-ROUTE-02', 'CE-ROUTE-03']],
  // State and E1 work; every PUT and POST hangs.
  ['conversation-calls-hang', ['CE-ROUTE-03']],
] as const)('%s', (name, failed) => {
  it(`fails ${failed.join(', ')} and stops within ${hungRunBoundMs(timeoutMs)} ms`, {
    timeout: 120_000,
  }, async () => {
    const run = await certifyHostile(name, timeoutMs);
    expect(run.failed).toEqual(failed);
    expect(run.exitCode).toBe(1);
    expect(run.report.verdict).toBe('fail');
    expect(run.durationMs).toBeLessThan(hungRunBoundMs(timeoutMs));

    const route03 = run.finding('CE-ROUTE-03');
    expect(route03.message).toMatch(/^3 requests in a row to the candidate's \w+ route/);
    const timeouts = route03.evidence as HTTPEvidence[];
    expect(timeouts).toHaveLength(3);
    for (const exchange of timeouts) expect(exchange.error).toBe(`timeout after ${timeoutMs} ms`);

    // Everything after the interruption is reported, not judged.
    const last = run.report.results.at(-1);
    expect(last?.status).toBe('skipped');
    expect(last?.message).toMatch(/^Not checked: the candidate stopped answering: 3 requests/);
    expect(run.report.coverage.unchecked.length).toBeGreaterThan(40);
  });
});

it('keeps what the dribbling candidate sent before the timeout as evidence', {
  timeout: 60_000,
}, async () => {
  const run = await certifyHostile('dribbles', timeoutMs);
  const [first] = run.finding('CE-ROUTE-03').evidence as HTTPEvidence[];
  expect(first?.response?.status).toBe(200);
  expect(first?.response?.body?.truncated).toBe(true);
  expect(first?.response?.body?.bytes).toBeLessThanOrEqual(2);
});
