// Spec: tpb-platform.md §11 (999 open conversations per bot, the 1,000th error-escalated with
// …conversation-limit-checker.max-conv-limit-reached; 250 recommended), §13 (timeouts); rules.md
// LIMIT-01..06. One scenario per candidate (about 2,000 events) is shared by the six checks.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BuiltContext,
  buildContext,
  type CheckOutcome,
  latencyStats,
  percentile,
} from '../../harness/index.ts';
import { maxConversationLimitReached } from '../../mocks/index.ts';
import { validate } from '../../schemas/index.ts';
import { builtInContext } from '../test-support/contexts.ts';
import { limitChecks, limitScenario } from './index.ts';
import { brokenLimitContext } from './test-support/fixtures.ts';

async function runAll(built: BuiltContext): Promise<Record<string, CheckOutcome>> {
  const outcomes: Record<string, CheckOutcome> = {};
  for (const check of limitChecks) outcomes[check.ruleId] = await check.run(built.context);
  return outcomes;
}

it('limitChecks has exactly one check per LIMIT rule', () => {
  expect(limitChecks.map((check) => check.ruleId)).toEqual([
    'LIMIT-01',
    'LIMIT-02',
    'LIMIT-03',
    'LIMIT-04',
    'LIMIT-05',
    'LIMIT-06',
  ]);
});

it('percentiles are nearest-rank', () => {
  const sorted = Array.from({ length: 100 }, (_, index) => index + 1);
  expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99)]).toEqual([
    50, 95, 99,
  ]);
  expect(latencyStats([])).toMatchObject({ events: 0, p95Ms: 0, maxMs: 0 });
});

describe('the built-in example Custom Endpoint', () => {
  let built: BuiltContext;
  let outcomes: Record<string, CheckOutcome>;
  beforeAll(async () => {
    built = await builtInContext();
    outcomes = await runAll(built);
  }, 30_000);
  afterAll(() => built.dispose());

  it.each(['LIMIT-01', 'LIMIT-02', 'LIMIT-03', 'LIMIT-04', 'LIMIT-05'])(
    '%s passes the built-in example',
    (ruleId) => {
      expect(outcomes[ruleId]?.status, outcomes[ruleId]?.message).toBe('pass');
    },
  );

  it('LIMIT-02 records the limit code on conversation #1000, which never reached the candidate', async () => {
    const scenario = await limitScenario(built.context);
    expect(scenario.openWhenOver).toBe(999);
    expect(scenario.over).toMatchObject({ codes: [maxConversationLimitReached], calls: 0 });
    expect(outcomes['LIMIT-02']?.evidence?.[0]).toMatchObject({
      kind: 'escalation',
      code: maxConversationLimitReached,
    });
  });

  it('LIMIT-06 reports p50/p95/p99/max, errors and timeouts at 250 and 999', () => {
    const outcome = outcomes['LIMIT-06'];
    expect(outcome?.status).toBe('info');
    expect(outcome?.message).toMatch(
      /at 250 concurrent conversations: 250 events: p50 \d+ ms, p95 \d+ ms, p99 \d+ ms, max \d+ ms; 0 errors, 0 timeouts; at 999 concurrent conversations: 999 events: p50/,
    );
  });

  it('runs the scenario once per run context', async () => {
    expect(limitScenario(built.context)).toBe(limitScenario(built.context));
  });
});

describe('the example LivePerson Function', () => {
  it('LIMIT-01..05 pass and LIMIT-06 reports', { timeout: 30_000 }, async () => {
    const built = await buildContext({
      kind: 'faas',
      function: fileURLToPath(new URL('../../mocks/bots/example-function.ts', import.meta.url)),
      timeoutMs: 2000,
    });
    try {
      const outcomes = await runAll(built);
      expect(Object.values(outcomes).map((outcome) => outcome.status)).toEqual([
        'pass',
        'pass',
        'pass',
        'pass',
        'pass',
        'info',
      ]);
    } finally {
      await built.dispose();
    }
  });
});

describe('a bot that refuses new conversations past 200', () => {
  it('LIMIT-01, LIMIT-02, LIMIT-03, LIMIT-04 and LIMIT-05 fail, LIMIT-06 reports the errors', {
    timeout: 30_000,
  }, async () => {
    const built = await brokenLimitContext('refuses-after-200-conversations');
    try {
      const outcomes = await runAll(built);
      for (const ruleId of ['LIMIT-01', 'LIMIT-02', 'LIMIT-03', 'LIMIT-04', 'LIMIT-05']) {
        expect(outcomes[ruleId]?.status, `${ruleId}: ${outcomes[ruleId]?.message}`).toBe('fail');
      }
      expect(outcomes['LIMIT-01']?.actual).toContain(
        'tpb-conformance.mock.customendpoint.http-503',
      );
      expect(outcomes['LIMIT-01']?.evidence?.some((item) => item.kind === 'escalation')).toBe(true);
      for (const outcome of Object.values(outcomes)) {
        for (const item of outcome.evidence ?? [])
          expect(validate('evidence', item).issues).toEqual([]);
      }
      expect(outcomes['LIMIT-02']?.message).toContain('the cap was never reached');
      expect(outcomes['LIMIT-06']?.status).toBe('info');
      expect(outcomes['LIMIT-06']?.message).toMatch(
        /at 250 concurrent conversations: 250 events: .*; [1-9]\d* errors/,
      );
    } finally {
      await built.dispose();
    }
  });
});

describe('a bot that counts every conversation it ever saw', () => {
  it('LIMIT-04 fails while LIMIT-01, LIMIT-02, LIMIT-03 and LIMIT-05 pass', {
    timeout: 30_000,
  }, async () => {
    const built = await brokenLimitContext('counts-every-conversation');
    try {
      const outcomes = await runAll(built);
      expect(outcomes['LIMIT-04']?.status, outcomes['LIMIT-04']?.message).toBe('fail');
      expect(outcomes['LIMIT-04']?.actual).toContain('http-429');
      for (const ruleId of ['LIMIT-01', 'LIMIT-02', 'LIMIT-03', 'LIMIT-05']) {
        expect(outcomes[ruleId]?.status, `${ruleId}: ${outcomes[ruleId]?.message}`).toBe('pass');
      }
    } finally {
      await built.dispose();
    }
  });
});
