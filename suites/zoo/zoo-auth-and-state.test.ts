/**
 * The golden corpus (STYLE rule 15): every broken bot of the zoo, certified against the whole
 * catalogue the way `tpb-conformance run` does it, fails exactly these rules and exits 1.
 * A change in a set is a change in what the harness concludes: look at it before updating it.
 */
import { expect, it } from 'vitest';
import { certifyBroken } from './test-support/certify-zoo.ts';

it('accepts-any-token fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('accepts-any-token')).toEqual({
    failed: [
      'SEC-01',
      'SEC-02',
      'SEC-03',
      'SEC-04',
      'SEC-05',
      'SEC-06',
      'SEC-07',
      'SEC-08',
      'SEC-09',
      'SEC-10',
    ],
    exitCode: 1,
  });
});

it('rejects-valid-tokens fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('rejects-valid-tokens')).toEqual({
    failed: [
      'CE-ROUTE-02',
      'CE-AUTH-01',
      'CE-AUTH-02',
      'CE-AUTH-03',
      'CE-STATE-01',
      'CE-STATE-02',
      'CE-STATE-03',
      'CE-STATE-04',
      'CE-STATE-05',
      'CE-CONV-01',
      'CE-CONV-02',
      'CE-CONV-03',
      'CE-CONV-04',
      'CE-CONV-05',
      'CE-CONV-06',
      'CE-CONV-07',
      'CE-EVENT-01',
      'CE-EVENT-02',
      'CE-EVENT-04',
      'CE-EVENT-05',
      'FLOW-01',
      'FLOW-02',
      'FLOW-03',
      'FLOW-04',
      'FLOW-05',
      'FLOW-06',
      'FLOW-07',
      'FLOW-08',
      'FLOW-09',
      'FLOW-10',
      'FLOW-11',
      'FLOW-12',
      'LIMIT-01',
      'LIMIT-02',
      'LIMIT-03',
      'LIMIT-04',
      'LIMIT-05',
      'SEC-11',
    ],
    exitCode: 1,
  });
});

it('leaky-errors fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('leaky-errors')).toEqual({
    failed: ['SEC-12', 'SEC-13'],
    exitCode: 1,
  });
});

it('upper-case-state fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('upper-case-state')).toEqual({
    failed: [
      'CE-STATE-01',
      'CE-STATE-02',
      'FLOW-01',
      'FLOW-02',
      'FLOW-03',
      'FLOW-04',
      'FLOW-05',
      'FLOW-06',
      'FLOW-07',
      'FLOW-08',
      'FLOW-09',
      'FLOW-10',
      'FLOW-11',
      'FLOW-12',
      'LIMIT-01',
      'LIMIT-02',
      'LIMIT-03',
      'LIMIT-04',
      'LIMIT-05',
    ],
    exitCode: 1,
  });
});
