/**
 * Hostile input: a reply nested 10,000 levels deep. Regression: a check walked it recursively and
 * the run died with "Maximum call stack size exceeded" (exit 2). The platform's JSON reader has a
 * nesting limit (decision 0012), so such a body is an unusable reply: the shape rules fail it with
 * evidence, and no check ever sees the deep value.
 */
import { expect, it } from 'vitest';
import { exitCodeOf, rules, runRules } from '../../harness/index.ts';
import { hookedContext } from '../custom-endpoint-auth/test-support/fixtures.ts';
import { allChecks } from '../index.ts';

const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;

it('fails the reply rules with evidence instead of crashing on JSON nested 10,000 deep', {
  timeout: 60_000,
}, async () => {
  const built = await hookedContext({
    answer: (answer, context) =>
      context.route === 'event' && answer.kind === 'json' && answer.status === 200
        ? {
            kind: 'raw',
            status: 200,
            contentType: 'application/json',
            text: `{"response":[{"type":"TEXT","data":{"message":"hi","metadata":${deep}}}],"analytics":{}}`,
          }
        : answer,
  });
  try {
    const selected = rules.filter((rule) =>
      [
        'CE-ROUTE-05',
        'CE-EVENT-02',
        'CE-EVENT-03',
        'BOT-SC-09',
        'BOT-REPLY-01',
        'FLOW-10',
      ].includes(rule.id),
    );
    const report = await runRules(built.context, {
      rules: selected,
      checks: allChecks,
      strict: false,
      target: built.target,
    });
    const status = Object.fromEntries(
      report.results.map((result) => [result.ruleId, result.status]),
    );
    expect(status).toMatchObject({
      'CE-ROUTE-05': 'fail',
      'CE-EVENT-02': 'fail',
      'FLOW-10': 'fail',
    });
    const flow10 = report.results.find((result) => result.ruleId === 'FLOW-10');
    expect(JSON.stringify(flow10?.evidence)).toContain('nested more than 1000 levels deep');
    expect(exitCodeOf(report)).toBe(1);
  } finally {
    await built.dispose();
  }
});
