/**
 * The golden corpus (STYLE rule 15): every broken bot of the zoo, certified against the whole
 * catalogue the way `tpb-conformance run` does it, fails exactly these rules and exits 1.
 * A change in a set is a change in what the harness concludes: look at it before updating it.
 */
import { expect, it } from 'vitest';
import { certifyBroken } from './test-support/certify-zoo.ts';

it('two-actions fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('two-actions')).toEqual({
    failed: ['BOT-REPLY-02', 'FLOW-06', 'FLOW-10'],
    exitCode: 1,
  });
});

it('http-image fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('http-image')).toEqual({
    failed: ['BOT-SC-06'],
    exitCode: 1,
  });
});

it('quick-replies-in-chat fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('quick-replies-in-chat')).toEqual({
    failed: ['BOT-SC-03', 'FLOW-10'],
    exitCode: 1,
  });
});

it('empty-reply fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('empty-reply')).toEqual({
    failed: [
      'CE-EVENT-04',
      'CE-EVENT-05',
      'BOT-REPLY-01',
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

it('unknown-transfer-skill fails exactly its rules', { timeout: 120_000 }, async () => {
  expect(await certifyBroken('unknown-transfer-skill')).toEqual({
    failed: ['BOT-REPLY-05', 'FLOW-06', 'FLOW-10'],
    exitCode: 1,
  });
});
