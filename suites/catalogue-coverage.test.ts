/** Every rule of the catalogue has exactly one check, and every check names a rule (rules.md). */
import { expect, it } from 'vitest';
import { rules } from '../harness/index.ts';
import { allChecks } from './index.ts';

it('has exactly one check per rule of the catalogue, and no check without a rule', () => {
  const checked = allChecks.map((check) => check.ruleId);
  expect([...checked].sort()).toEqual(rules.map((rule) => rule.id).sort());
  expect(new Set(checked).size).toBe(checked.length);
});
