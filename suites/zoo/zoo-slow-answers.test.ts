/**
 * The golden corpus (STYLE rule 15): every broken bot of the zoo, certified against the whole
 * catalogue the way `tpb-conformance run` does it, fails exactly these rules and exits 1.
 * A change in a set is a change in what the harness concludes: look at it before updating it.
 */
import { expect, it } from 'vitest';
import { certifyBroken } from './certify.ts';

it('slow-answers fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('slow-answers', 300, 1000)).toEqual({
    failed: [
      'CE-ROUTE-03',
      'CE-ROUTE-04',
      'CE-AUTH-01',
      'CE-AUTH-02',
      'CE-AUTH-03',
      'CE-CONV-04',
      'CE-CONV-05',
      'CE-CONV-07',
      'CE-EVENT-01',
      'CE-EVENT-02',
      'CE-EVENT-04',
      'CE-EVENT-05',
      'CE-EVENT-06',
      'CE-EVENT-08',
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
