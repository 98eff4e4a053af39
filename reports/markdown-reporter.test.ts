// summary.md: a short pull-request comment: verdict, counts, failed and warned rules, skips.

import { describe, expect, it } from 'vitest';
import { renderMarkdownSummary } from './markdown-reporter.ts';
import { sampleInput } from './test-support/sample-report.ts';

describe('renderMarkdownSummary', () => {
  it('opens with the verdict and its reason', () => {
    const md = renderMarkdownSummary(sampleInput());
    expect(md.split('\n')[0]).toBe('### ❌ tpb-conformance: FAIL');
    expect(md).toContain('**2 MUST rules failed.**');
    expect(md).toContain('| 9 | 3 | 3 | 1 | 1 | 1 |');
  });

  it('lists the failed and warned rules with one-line messages, and no passes', () => {
    const md = renderMarkdownSummary(sampleInput());
    expect(md).toContain(
      '| `CE-STATE-02` | MUST | ❌ fail | CE-STATE-02: expected state "online", got "ONLINE". Bot state must be lower case; see rules.md. |',
    );
    expect(md).toContain('| `BOT-REPLY-05` | MUST | ❌ fail |');
    expect(md).toContain('| `CE-ROUTE-02` | SHOULD | ⚠️ fail (warning) |');
    expect(md).toContain('| `CE-CONV-01` | MUST | ⚠️ pass with warning |');
    expect(md).not.toContain('CE-ROUTE-01');
    expect(md).not.toContain('CE-AUTH-04');
    expect(md).toContain(
      '1 failed SHOULD rule counted as a warning; run with --strict to fail on it.',
    );
    expect(md).toContain('1 rule skipped:');
  });

  it("shows a failed rule's title and documentation pages beside its message", () => {
    const input = sampleInput();
    const finding = input.report.results.find((each) => each.ruleId === 'CE-STATE-02');
    if (!finding) throw new Error('no CE-STATE-02 in the sample');
    finding.title = 'Bot state online';
    finding.docs = [
      'https://developers.liveperson.com/third-party-bots-custom-endpoint-service-implementation.html',
      'https://developers.liveperson.com/third-party-bots-custom-endpoint-introduction.html',
    ];
    const md = renderMarkdownSummary(input);
    expect(md).toContain('| Rule | Level | Result | Message | Rule and docs |');
    expect(md).toContain(
      '| `CE-STATE-02` | MUST | ❌ fail | CE-STATE-02: expected state "online", got "ONLINE". Bot state must be lower case; see rules.md. | Bot state online https://developers.liveperson.com/third-party-bots-custom-endpoint-service-implementation.html https://developers.liveperson.com/third-party-bots-custom-endpoint-introduction.html |',
    );
  });

  it('shows only https documentation URLs that cannot break the table', () => {
    const input = sampleInput();
    const finding = input.report.results.find((each) => each.ruleId === 'CE-STATE-02');
    if (!finding) throw new Error('no CE-STATE-02 in the sample');
    finding.docs = ['javascript:alert(1)', 'https://example.com/a|b', 'https://example.com/ok'];
    const md = renderMarkdownSummary(input);
    expect(md).not.toContain('javascript:');
    expect(md).not.toContain('a|b');
    expect(md).toContain('| https://example.com/ok |');
  });

  it('carries no links and keeps candidate text in its cell', () => {
    const input = sampleInput();
    const finding = input.report.results.find((each) => each.ruleId === 'CE-STATE-02');
    if (finding)
      finding.message = 'got | a pipe,\na newline, <b>html</b> and https://evil.example.com/x.';
    const md = renderMarkdownSummary(input);
    expect(md).not.toMatch(/\]\(|<a\b|<b>/);
    expect(md).toContain(
      '| got \\| a pipe, a newline, &lt;b&gt;html&lt;/b&gt; and `https://evil.example.com/x`. |',
    );
    expect(md).toContain('Custom Endpoint `https://bot.example.com`, bot demo-bot');
  });

  it('states a passing run and --strict failures', () => {
    const pass = sampleInput({
      verdict: 'pass',
      results: [],
      summary: { total: 0, passed: 0, failed: 0, warnings: 0, skipped: 0, info: 0 },
    });
    expect(renderMarkdownSummary(pass)).toMatch(
      /^### ✅ tpb-conformance: PASS\n\n\*\*Every MUST rule passed\.\*\*/,
    );
    const strict = renderMarkdownSummary(sampleInput({ strict: true }));
    expect(strict).toContain('**2 MUST rules failed; 1 SHOULD rule failed under --strict.**');
    expect(strict).toContain('| `CE-ROUTE-02` | SHOULD | ❌ fail |');
  });
});
