/**
 * The golden corpus, continued: the built-in example bot passes the whole catalogue (exit 0), and
 * each broken function of the zoo fails exactly these rules (exit 1).
 */
import { expect, it } from 'vitest';
import { certifyBrokenFunction, certifyBuiltIn } from './test-support/certify-zoo.ts';

it('the built-in example bot fails no rule and exits 0', { timeout: 120_000 }, async () => {
  expect(await certifyBuiltIn()).toEqual({ failed: [], exitCode: 0 });
});

it('returns-null fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBrokenFunction('returns-null')).toEqual({
    failed: [
      'FLOW-01',
      'FLOW-02',
      'FLOW-03',
      'FLOW-04',
      'FLOW-05',
      'FLOW-06',
      'FLOW-07',
      'FLOW-08',
      'FLOW-10',
      'FLOW-12',
      'LIMIT-01',
      'LIMIT-02',
      'LIMIT-03',
      'LIMIT-04',
      'LIMIT-05',
      'FAAS-01',
      'FAAS-06',
      'FAAS-09',
    ],
    exitCode: 1,
  });
});

it('ce-action-names fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBrokenFunction('ce-action-names')).toEqual({
    failed: ['BOT-REPLY-04', 'FLOW-06', 'FAAS-04', 'FAAS-05'],
    exitCode: 1,
  });
});
