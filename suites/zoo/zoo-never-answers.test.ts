/**
 * The golden corpus (STYLE rule 15): every broken bot of the zoo, certified against the whole
 * catalogue the way `tpb-conformance run` does it, fails exactly these rules and exits 1.
 * A change in a set is a change in what the harness concludes: look at it before updating it.
 */
import { expect, it } from 'vitest';
import { certifyBroken } from './test-support/certify-zoo.ts';

// The events route stops answering, so after three rounds of timeouts the run stops calling the
// candidate (decision 0015): CE-ROUTE-03 fails with them as evidence, and every rule from then on
// is reported not checked, with that reason. The run takes about a second, not half a minute.
it('never-answers fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('never-answers', 300, 1000)).toEqual({
    failed: ['CE-ROUTE-03'],
    exitCode: 1,
  });
});
