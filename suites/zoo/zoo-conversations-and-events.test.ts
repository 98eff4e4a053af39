/**
 * The golden corpus (STYLE rule 15): every broken bot of the zoo, certified against the whole
 * catalogue the way `tpb-conformance run` does it, fails exactly these rules and exits 1.
 * A change in a set is a change in what the harness concludes: look at it before updating it.
 */
import { expect, it } from 'vitest';
import { certifyBroken } from './test-support/certify-zoo.ts';

it('put-fails fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('put-fails')).toEqual({
    failed: [
      'CE-AUTH-01',
      'CE-AUTH-02',
      'CE-AUTH-03',
      'CE-CONV-01',
      'CE-CONV-02',
      'CE-CONV-03',
      'CE-CONV-04',
      'CE-CONV-06',
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

it('forgets-conversations fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('forgets-conversations')).toEqual({
    failed: [
      'CE-ROUTE-01',
      'CE-AUTH-01',
      'CE-AUTH-02',
      'CE-AUTH-03',
      'CE-CONV-04',
      'CE-CONV-05',
      'CE-EVENT-02',
      'CE-EVENT-04',
      'CE-EVENT-05',
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

it('start-crashes fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('start-crashes')).toEqual({
    failed: ['CE-EVENT-05', 'FLOW-03', 'FLOW-04', 'FLOW-06', 'FLOW-07', 'FLOW-10'],
    exitCode: 1,
  });
});

it('non-json-reply fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('non-json-reply')).toEqual({
    failed: [
      'CE-ROUTE-05',
      'CE-EVENT-02',
      'CE-EVENT-04',
      'CE-EVENT-05',
      'CE-EVENT-06',
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
    ],
    exitCode: 1,
  });
});

it('lower-case-item-type fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('lower-case-item-type')).toEqual({
    failed: [
      'CE-EVENT-03',
      'CE-EVENT-04',
      'CE-EVENT-05',
      'CE-EVENT-06',
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
    ],
    exitCode: 1,
  });
});
