/**
 * Hostile candidates broken in what they send: bodies that are no JSON (cut, another API's shape,
 * 50 MB, not UTF-8, nested 10,000 deep), a wrong Content-Type, a 1 MB message. Each fails the
 * rules that need a usable reply, with the reason in the evidence, or passes where the platform
 * would accept it; the report stays small whatever the candidate sent (decision 0015).
 */
import { describe, expect, it } from 'vitest';
import { transcriptTextLimit } from '../../harness/index.ts';
import { defaultBodyLimitBytes, evidenceBodyLimitBytes } from '../../mocks/index.ts';
import type { HTTPEvidence } from '../../schemas/index.ts';
import { certifyHostile } from './test-support/certify-hostile.ts';

/** The reply rules that fail when event replies are unusable (state, PUT and E1 still work). */
const unusableReplies = [
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
];
/** When state and E1 answers are unusable too, the engine never starts the bot. */
const unusableEverything = [
  'CE-STATE-01',
  'CE-STATE-02',
  'CE-STATE-04',
  'CE-STATE-05',
  'CE-EVENT-02',
  'CE-EVENT-04',
  'CE-EVENT-05',
  'CE-EVENT-06',
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
];

/** The first event reply CE-ROUTE-05 quotes. */
const routeFiveEvidence = (run: Awaited<ReturnType<typeof certifyHostile>>) =>
  (run.finding('CE-ROUTE-05').evidence as HTTPEvidence[]).find((exchange) =>
    exchange.request.url.endsWith('/events'),
  );

describe('bodies that are no JSON', () => {
  it('invalid-json fails CE-ROUTE-05 and everything that needs a reply', {
    timeout: 60_000,
  }, async () => {
    const run = await certifyHostile('invalid-json');
    expect(run.failed).toEqual(['CE-ROUTE-05', ...unusableEverything]);
    expect(run.exitCode).toBe(1);
    expect(run.finding('CE-ROUTE-05').message).toContain('E4 TEXT 200 with');
  });

  it('wrong-shape fails the shape rules, not CE-ROUTE-05 (it is JSON)', {
    timeout: 60_000,
  }, async () => {
    const run = await certifyHostile('wrong-shape');
    expect(run.failed).toEqual(unusableEverything);
    expect(run.exitCode).toBe(1);
    expect(run.finding('CE-STATE-01').message).toContain('state');
  });

  it('wrong-content-type passes with a CE-ROUTE-05 warning (the documented tolerance)', {
    timeout: 60_000,
  }, async () => {
    const run = await certifyHostile('wrong-content-type');
    expect(run.failed).toEqual([]);
    expect(run.exitCode).toBe(0);
    const route05 = run.finding('CE-ROUTE-05');
    expect(route05.status).toBe('pass-with-warning');
    expect(route05.warnings?.join(' ')).toContain('text/html');
  });

  it('invalid-utf8 is not JSON: CE-ROUTE-05 fails and the engine escalates', {
    timeout: 60_000,
  }, async () => {
    const run = await certifyHostile('invalid-utf8');
    expect(run.failed).toEqual(['CE-ROUTE-05', ...unusableReplies]);
    expect(run.exitCode).toBe(1);
    expect(run.finding('CE-ROUTE-05').message).toContain('not UTF-8');
    expect(routeFiveEvidence(run)?.response?.body?.invalidUtf8).toBe(true);
    expect(run.finding('FLOW-10').message).toContain('invalid-json');
  });

  it('nested-10000-deep fails with the nesting limit named', { timeout: 60_000 }, async () => {
    const run = await certifyHostile('nested-10000-deep');
    expect(run.failed).toEqual(['CE-ROUTE-05', ...unusableReplies]);
    expect(run.exitCode).toBe(1);
    expect(run.finding('CE-ROUTE-05').message).toContain('nested more than 1000 levels');
  });
});

describe('bodies that are too big', () => {
  it('fifty-megabytes: reading stops at 1 MiB, 64 KiB is kept, the report says so', {
    timeout: 60_000,
  }, async () => {
    const run = await certifyHostile('fifty-megabytes');
    expect(run.failed).toEqual(['CE-ROUTE-05', ...unusableReplies]);
    expect(run.exitCode).toBe(1);
    expect(run.report.bodyReadLimitBytes).toBe(defaultBodyLimitBytes);
    expect(run.report.evidenceBodyLimitBytes).toBe(evidenceBodyLimitBytes);
    expect(run.finding('CE-ROUTE-05').message).toContain(
      `larger than the ${defaultBodyLimitBytes}-byte read limit`,
    );
    const body = routeFiveEvidence(run)?.response?.body;
    expect(body?.truncated).toBe(true);
    expect(body?.bytes).toBeGreaterThan(defaultBodyLimitBytes);
    expect(body?.bytes).toBeLessThan(2 * defaultBodyLimitBytes);
    expect(Buffer.byteLength(body?.text ?? '')).toBe(evidenceBodyLimitBytes);
    // Dozens of 50 MB answers, a report of a few megabytes.
    expect(JSON.stringify(run.report).length).toBeLessThan(8 * 1024 * 1024);
  });

  it('one-megabyte-text passes (no text limit is documented) with a bounded report', {
    timeout: 90_000,
  }, async () => {
    const run = await certifyHostile('one-megabyte-text');
    expect(run.failed).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(JSON.stringify(run.report).length).toBeLessThan(8 * 1024 * 1024);
    const texts = run.conversations.flatMap((c) => c.events.map((event) => event.message ?? ''));
    const longest = Math.max(...texts.map((text) => text.length));
    expect(longest).toBeGreaterThan(transcriptTextLimit);
    expect(longest).toBeLessThan(transcriptTextLimit + 100);
    expect(texts.some((text) => text.endsWith('… [cut: 995904 more characters]'))).toBe(true);
  });
});
