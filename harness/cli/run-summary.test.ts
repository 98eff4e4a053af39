// The end of `run` on a terminal: each failed or warned rule with its title, its message (which
// says what to do) and a link to the rule's documentation.
import { describe, expect, it } from 'vitest';
import { judgeRun } from '../../reports/index.ts';
import type { Finding, Report } from '../../schemas/index.ts';
import { ruleById } from '../rules/index.ts';
import { renderRunSummary } from './run-summary.ts';

const message = 'CE-STATE-02: expected state "online", got "ONLINE". Bot state must be lower case.';

function reportOf(results: Finding[]): Report {
  return {
    tool: { name: 'tpb-conformance', version: '0.1.0' },
    target: { kind: 'faas', function: './bot.mjs' },
    startedAt: '2026-03-02T09:30:00.000Z',
    durationMs: 1200,
    strict: false,
    ...judgeRun(results, false),
    evidenceBodyLimitBytes: 4096,
    summary: { total: 1, passed: 0, failed: 1, warnings: 0, skipped: 0, info: 0 },
    results,
  };
}

describe('renderRunSummary', () => {
  it("shows a failed rule's title and message, then its documentation", () => {
    const rule = ruleById('CE-STATE-02');
    if (!rule) throw new Error('no CE-STATE-02 in the catalogue');
    const text = renderRunSummary(
      reportOf([
        {
          ruleId: rule.id,
          title: rule.title,
          docs: [...rule.docs],
          level: 'MUST',
          status: 'fail',
          message,
          evidence: [],
        },
      ]),
      [],
      '/work',
    );
    const lines = text.split('\n');
    const at = lines.indexOf(`  FAIL  CE-STATE-02 (MUST) Bot state online: ${message}`);
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(
      '        see https://developers.liveperson.com/third-party-bots-custom-endpoint-service-implementation.html',
    );
  });

  it('keeps the message alone for a finding without title or documentation', () => {
    const text = renderRunSummary(
      reportOf([{ ruleId: 'CE-STATE-02', level: 'MUST', status: 'fail', message, evidence: [] }]),
      [],
      '/work',
    );
    expect(text).toContain(`  FAIL  CE-STATE-02 (MUST) ${message}\n`);
    expect(text).not.toContain(' see ');
  });
});
