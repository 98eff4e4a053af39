// Spec: rules.md BOT-REPLY; tpb-platform.md §§2–3 (neutral model, wire formats);
// custom-endpoint.md §6.3 and §10 D13–D17. The built-in examples pass every BOT-REPLY rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltContext } from '../../harness/index.ts';
import { type FaasFunction, lambda } from '../../mocks/index.ts';
import { builtInContext } from '../test-support/contexts.ts';
import { botReplyChecks } from './index.ts';
import { functionContext } from './test-support/candidates.ts';
import { runCheck } from './test-support/run-check.ts';

const ruleIds = botReplyChecks.map((check) => check.ruleId);

it('has exactly one check per BOT-REPLY rule', () => {
  expect(ruleIds).toEqual(
    Array.from({ length: 13 }, (_, i) => `BOT-REPLY-${String(i + 1).padStart(2, '0')}`),
  );
});

describe('the built-in example Custom Endpoint', () => {
  let built: BuiltContext;
  beforeAll(async () => {
    built = await builtInContext();
  });
  afterAll(() => built.dispose());

  it.each(ruleIds)('%s passes', async (ruleId) => {
    const outcome = await runCheck(botReplyChecks, ruleId, built.context);
    expect(outcome.status, outcome.message).toBe('pass');
    expect(outcome.message).toMatch(new RegExp(`^${ruleId}: `));
  });
});

describe('the example function', () => {
  let built: BuiltContext;
  beforeAll(async () => {
    built = await functionContext(lambda as FaasFunction);
  });
  afterAll(() => built.dispose());

  it.each(ruleIds)('%s passes', async (ruleId) => {
    const outcome = await runCheck(botReplyChecks, ruleId, built.context);
    expect(outcome.status, outcome.message).toBe('pass');
  });
});
