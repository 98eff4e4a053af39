// Spec: rules.md BOT-SC; tpb-platform.md §12 (structured content rules, rich-content validator,
// json-pollock). The built-in examples pass every BOT-SC rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltContext } from '../../harness/index.ts';
import { type FaasFunction, lambda } from '../../mocks/index.ts';
import { functionContext } from '../bot-reply/test-support/candidates.ts';
import { runCheck } from '../bot-reply/test-support/run-check.ts';
import { builtInContext } from '../test-support/contexts.ts';
import { botScChecks } from './index.ts';

const ruleIds = botScChecks.map((check) => check.ruleId);

it('has exactly one check per BOT-SC rule', () => {
  expect(ruleIds).toEqual(
    Array.from({ length: 11 }, (_, i) => `BOT-SC-${String(i + 1).padStart(2, '0')}`),
  );
});

describe('the built-in example Custom Endpoint', () => {
  let built: BuiltContext;
  beforeAll(async () => {
    built = await builtInContext();
  });
  afterAll(() => built.dispose());

  it.each(ruleIds)('%s passes', async (ruleId) => {
    const outcome = await runCheck(botScChecks, ruleId, built.context);
    expect(outcome.status, outcome.message).toBe('pass');
  });
});

describe('the example function', () => {
  let built: BuiltContext;
  beforeAll(async () => {
    built = await functionContext(lambda as FaasFunction);
  });
  afterAll(() => built.dispose());

  it.each(ruleIds)('%s passes', async (ruleId) => {
    const outcome = await runCheck(botScChecks, ruleId, built.context);
    expect(outcome.status, outcome.message).toBe('pass');
  });
});
