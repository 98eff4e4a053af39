// Spec: rules.md CE-ROUTE, CE-STATE, CE-CONV and CE-EVENT, and STYLE.md rule 15 (golden corpus):
// the exact verdicts of every CE-ROUTE/STATE/CONV/EVENT check for the built-in example and for
// the zoo's broken bots of these groups. A rule missing from a list below passed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ceConvChecks } from '../custom-endpoint-conversation/index.ts';
import { ceEventChecks } from '../custom-endpoint-events/index.ts';
import { ceRouteChecks } from '../custom-endpoint-routes/index.ts';
import { ceStateChecks } from '../custom-endpoint-state/index.ts';
import { type BenchContext, CandidateBench } from './test-support/fixtures.ts';

const checks = [...ceRouteChecks, ...ceStateChecks, ...ceConvChecks, ...ceEventChecks];

let bench: CandidateBench;
beforeAll(async () => {
  bench = await CandidateBench.start();
});
afterAll(() => bench.dispose());

/** `RULE:status` of every check that did not simply pass. */
async function verdicts(built: BenchContext): Promise<string[]> {
  const found: string[] = [];
  for (const check of checks) {
    const outcome = await check.run(built.context);
    if (outcome.status !== 'pass') found.push(`${check.ruleId}:${outcome.status}`);
  }
  return found;
}

describe('golden corpus of the Custom Endpoint HTTP checks', () => {
  it('has 27 checks, one per rule of CE-ROUTE, CE-STATE, CE-CONV and CE-EVENT', () => {
    expect(new Set(checks.map((check) => check.ruleId)).size).toBe(27);
  });

  it('the built-in example passes every rule; CE-STATE-06 reports its version', async () => {
    expect(await verdicts(bench.base)).toEqual(['CE-STATE-06:info']);
  });

  const expected: Record<string, string[]> = {
    'upper-case-state': ['CE-STATE-01:fail', 'CE-STATE-02:fail'],
    // Its PUT answers 500 (unknown bots included) but still creates the conversation.
    'put-fails': [
      'CE-CONV-01:fail',
      'CE-CONV-02:fail',
      'CE-CONV-03:fail',
      'CE-CONV-04:fail',
      'CE-CONV-06:fail',
    ],
    // A 404 right after the PUT is also "E4 not served for a created conversation".
    'forgets-conversations': [
      'CE-ROUTE-01:fail',
      'CE-CONV-04:fail',
      'CE-CONV-05:fail',
      'CE-CONV-07:skipped',
      'CE-EVENT-02:fail',
      'CE-EVENT-03:skipped',
      'CE-EVENT-04:fail',
      'CE-EVENT-05:fail',
      'CE-EVENT-06:skipped',
      'CE-EVENT-07:skipped',
    ],
    'start-crashes': ['CE-EVENT-05:fail'],
    'non-json-reply': [
      'CE-ROUTE-05:fail',
      'CE-EVENT-02:fail',
      'CE-EVENT-03:skipped',
      'CE-EVENT-04:fail',
      'CE-EVENT-05:fail',
      'CE-EVENT-06:fail',
    ],
    'lower-case-item-type': [
      'CE-EVENT-03:fail',
      'CE-EVENT-04:fail',
      'CE-EVENT-05:fail',
      'CE-EVENT-06:fail',
    ],
    'empty-reply': ['CE-EVENT-04:fail', 'CE-EVENT-05:fail'],
  };

  it('each broken bot of these groups gets exactly its verdicts', async () => {
    // The bots run side by side on one mock cloud, each on its own port.
    const names = Object.keys(expected);
    const found = await Promise.all(names.map(async (name) => verdicts(await bench.broken(name))));
    expect(Object.fromEntries(names.map((name, index) => [name, found[index]]))).toEqual(
      Object.fromEntries(
        names.map((name) => [name, [...(expected[name] ?? []), 'CE-STATE-06:info'].sort(byRule)]),
      ),
    );
  });
});

function byRule(a: string, b: string): number {
  return (
    checks.findIndex((c) => a.startsWith(`${c.ruleId}:`)) -
    checks.findIndex((c) => b.startsWith(`${c.ruleId}:`))
  );
}
