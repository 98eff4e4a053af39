/**
 * Trustworthy verdicts (issue 8): a conformant bot that takes every documented but non-preferred
 * variant it can (custom-endpoint.md §10) fails no rule, gets the warning that names each variant,
 * and gets the same verdict on every run.
 */
import { expect, it } from 'vitest';
import { buildContext } from '../../harness/index.ts';
import type { Report } from '../../schemas/index.ts';
import { certifyReport } from './test-support/certify-zoo.ts';
import { startVariantBot, variantAgentId } from './test-support/variant-bot.ts';

function certifyVariantBot(): Promise<Report> {
  return buildContext(
    { timeoutMs: 2000, agents: [variantAgentId] },
    {
      startCandidate: (cloud) =>
        startVariantBot({
          auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
        }),
    },
  ).then(certifyReport);
}

const verdicts = (report: Report) =>
  Object.fromEntries(report.results.map((result) => [result.ruleId, result.status]));

it('the variant bot passes with a warning per variant, the same on 5 runs', {
  timeout: 300_000,
}, async () => {
  const reports: Report[] = [];
  for (let run = 0; run < 5; run += 1) reports.push(await certifyVariantBot());
  const [first] = reports;
  if (!first) throw new Error('no run');

  const failed = first.results.filter((result) => result.status === 'fail');
  expect(failed.map((result) => `${result.ruleId}: ${result.message}`)).toEqual([]);
  expect(first.coverage.unchecked).toEqual([]);
  expect(first.verdict).toBe('pass');

  const warned = first.results.filter((result) => result.status === 'pass-with-warning');
  expect(warned.map((result) => result.ruleId)).toEqual(
    expect.arrayContaining([
      'CE-CONV-01', // D5
      'CE-CONV-04', // D6
      'SEC-01', // D10
      'SEC-02', // D11
      'BOT-REPLY-07', // D15
      'BOT-REPLY-08', // D16
      'BOT-REPLY-13', // D17
      'BOT-SC-09', // D13
      'BOT-REPLY-04', // D14
      'CE-EVENT-03', // unknown keys
    ]),
  );
  expect(first.results.find((result) => result.ruleId === 'CE-STATE-06')?.status).toBe('info'); // D12

  for (const report of reports.slice(1)) expect(verdicts(report)).toEqual(verdicts(first));
});
