/**
 * Hostile candidates broken at the transport: resets, error pages, redirects, rate limits,
 * refusals, a TLS port that hangs up. Each run ends in a few seconds with the rules that need an
 * answer failed, and the exchange that shows why as evidence; none crashes the harness.
 */
import { describe, expect, it } from 'vitest';
import type { HTTPEvidence } from '../../schemas/index.ts';
import { certifyHostile } from './test-support/certify-hostile.ts';

/** Every rule that needs a usable answer from the candidate (all but LIMIT, left out here). */
const noUsableAnswer = [
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
  'CE-EVENT-06',
  'CE-EVENT-08',
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
  'SEC-11',
];
/** No answer completes: also every request unanswered (CE-ROUTE-03) and no latency (CE-ROUTE-04). */
const noAnswer = [
  'CE-ROUTE-02',
  'CE-ROUTE-03',
  'CE-ROUTE-04',
  ...noUsableAnswer.filter((rule) => rule !== 'CE-ROUTE-02'),
];
/** A status but never a 200: the SEC rules pass (refusals are refusals) unless 401 is refused. */
const without = (rules: readonly string[], ...removed: string[]) =>
  rules.filter((rule) => !removed.includes(rule));

const stateEvidence = (run: Awaited<ReturnType<typeof certifyHostile>>) =>
  run.finding('CE-STATE-01').evidence as HTTPEvidence[];

describe('transport failures', () => {
  it('resets-mid-body: every rule that needs an answer fails, with the partial body', {
    timeout: 60_000,
  }, async () => {
    const run = await certifyHostile('resets-mid-body');
    expect(run.failed).toEqual(noAnswer);
    expect(run.exitCode).toBe(1);
    const [exchange] = stateEvidence(run);
    expect(exchange?.response?.status).toBe(200);
    expect(exchange?.error).toBeDefined();
  });

  it('tls-closed-abruptly: checked and failed, not reported unreachable', {
    timeout: 60_000,
  }, async () => {
    const run = await certifyHostile('tls-closed-abruptly');
    expect(run.failed).toEqual(noAnswer);
    expect(run.exitCode).toBe(1);
    const [exchange] = stateEvidence(run);
    expect(exchange?.response).toBeUndefined();
    expect(exchange?.error).toMatch(/socket|TLS|ECONNRESET/i);
  });

  it('html-5xx: fails with the 503 page as evidence', { timeout: 60_000 }, async () => {
    const run = await certifyHostile('html-5xx');
    expect(run.failed).toEqual(noUsableAnswer);
    expect(run.exitCode).toBe(1);
    const [exchange] = stateEvidence(run);
    expect(exchange?.response?.status).toBe(503);
    expect(exchange?.response?.body?.text).toContain('Service Unavailable');
  });

  it('redirect-loop: a 302 is a wrong status, never followed', { timeout: 60_000 }, async () => {
    const run = await certifyHostile('redirect-loop');
    expect(run.failed).toEqual(noUsableAnswer);
    expect(run.exitCode).toBe(1);
    const [exchange] = stateEvidence(run);
    expect(exchange?.response?.status).toBe(302);
    expect(exchange?.response?.headers.location).toBe(
      new URL(exchange?.request.url ?? '').pathname,
    );
  });

  it('too-many-requests: 429 fails, Retry-After: 3600 is not waited for', {
    timeout: 60_000,
  }, async () => {
    const run = await certifyHostile('too-many-requests');
    // A 4xx to malformed bodies is what CE-EVENT-08 asks for; 429 is a 4xx, so a warning there.
    expect(run.failed).toEqual(without(noUsableAnswer, 'CE-EVENT-06', 'CE-EVENT-08'));
    expect(run.report.results.find((r) => r.ruleId === 'CE-EVENT-08')?.status).toBe(
      'pass-with-warning',
    );
    expect(run.exitCode).toBe(1);
    expect(run.durationMs).toBeLessThan(30_000);
    const [exchange] = stateEvidence(run);
    expect(exchange?.response?.status).toBe(429);
    expect(exchange?.response?.headers['retry-after']).toBe('3600');
  });

  it('unauthorized-to-all: valid tokens refused; the attack rules pass', {
    timeout: 60_000,
  }, async () => {
    const run = await certifyHostile('unauthorized-to-all');
    expect(run.failed).toEqual([
      ...without(
        noUsableAnswer,
        'CE-EVENT-06',
        'CE-EVENT-08',
        ...noUsableAnswer.filter((rule) => rule.startsWith('SEC-')),
      ),
      'SEC-11',
    ]);
    expect(run.exitCode).toBe(1);
    const auth = run.finding('CE-AUTH-01').evidence as HTTPEvidence[];
    expect(auth.some((exchange) => exchange.response?.status === 401)).toBe(true);
  });
});
