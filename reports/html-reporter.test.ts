// index.html: one self-contained page. It must fetch nothing, and candidate content (messages,
// evidence bodies, structured content) must never become markup or script.

import { describe, expect, it } from 'vitest';
import type { Finding } from '../schemas/index.ts';
import { renderHtmlReport } from './html-reporter.ts';
import { prepareReport } from './prepare-report.ts';
import { formatDuration } from './target-description.ts';
import { INJECTION, sampleInput } from './test-support/sample-report.ts';

const ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt;';

function scripts(html: string): { attributes: string; body: string }[] {
  return [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)].map(
    ([, attributes = '', body = '']) => ({
      attributes,
      body,
    }),
  );
}

function styles(html: string): string[] {
  return [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map(([, body = '']) => body);
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('renderHtmlReport', () => {
  it('fetches nothing: no external src or href, no @import or url(), no request API in the script', () => {
    const html = renderHtmlReport(sampleInput());
    expect(html).not.toMatch(
      /\b(?:src|href|action|formaction|poster|srcset|background)\s*=\s*["']?\s*(?:https?:)?\/\//i,
    );
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<(?:iframe|object|embed|video|audio|source)\b/i);
    for (const style of styles(html)) {
      expect(style).not.toMatch(/@import|url\s*\(/i);
    }
    const [data, code, ...rest] = scripts(html);
    expect(rest).toEqual([]);
    expect(data?.attributes).toBe(' type="application/json" id="report-data"');
    expect(code?.attributes).toBe('');
    expect(code?.body).not.toMatch(
      /fetch\s*\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|import\s*\(|https?:/,
    );
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`,
    );
  });

  it('shows the verdict first, then the counts', () => {
    const html = renderHtmlReport(sampleInput());
    const verdict = html.indexOf('<span class="verdict-word" id="verdict">FAIL</span>');
    expect(verdict).toBeGreaterThan(0);
    expect(html.indexOf('class="counts"')).toBeGreaterThan(verdict);
    expect(html.indexOf('id="rules-title"')).toBeGreaterThan(html.indexOf('class="counts"'));
    expect(html).toContain('2 MUST rules failed.');
    expect(html).toContain('<title>FAIL · tpb-conformance report</title>');
    expect(
      renderHtmlReport(
        sampleInput({
          verdict: 'pass',
          results: [],
          summary: { total: 0, passed: 0, failed: 0, warnings: 0, skipped: 0, info: 0 },
        }),
      ),
    ).toContain('id="verdict">PASS<');
  });

  it('renders one filterable row per rule, with status and group', () => {
    const html = renderHtmlReport(sampleInput());
    expect(count(html, '<tr class="rule"')).toBe(9);
    expect(html).toContain(
      '<tr class="rule" id="rule-CE-STATE-02" data-status="fail" data-group="CE-STATE" data-fails="true"',
    );
    expect(html).toContain(
      'id="rule-CE-ROUTE-02" data-status="fail" data-group="CE-ROUTE" data-fails="false"',
    );
    for (const status of ['fail', 'pass-with-warning', 'pass', 'info', 'skipped']) {
      expect(html).toContain(`<input type="checkbox" name="status" value="${status}" checked>`);
    }
    expect(html).toContain('<option value="BOT-REPLY">BOT-REPLY</option>');
    expect(html).toContain('A PUT with a valid body returns 2xx');
  });

  it('puts the evidence, expected/actual and warnings in each row detail', () => {
    const html = renderHtmlReport(sampleInput());
    expect(html).toContain(
      'curl -sS -X GET &#39;https://bot.example.com/v1/bots/demo-bot/environments/draft/state&#39; -H &quot;authorization: Bearer $TPB_TOKEN&quot;',
    );
    expect(html).toMatch(
      /<button type="button" class="copy" data-copy="ev-2-0">Copy<\/button><\/div><pre class="code" id="ev-2-0">curl /,
    );
    expect(html).toContain('<h5>Expected</h5>state &quot;online&quot; (exact, lower case)');
    expect(html).toContain(
      '<li>201 Created is accepted; 200 OK is the preferred answer (OpenAPI v1).</li>',
    );
    expect(html).toContain('<span class="ev-kind">Escalation</span>');
    expect(html).toContain(
      '<span class="ev-kind">UMS</span><span class="method">ms.MessagingEventNotification</span>',
    );
  });

  it('renders conversations as chats, with cards, quick replies and the raw JSON', () => {
    const html = renderHtmlReport(sampleInput());
    expect(count(html, '<article class="panel conversation"')).toBe(2);
    expect(html).toContain('<li class="msg msg-left from-consumer">');
    expect(html).toContain('<li class="msg msg-right from-bot">');
    expect(html).toContain('<p class="sc-text sc-bold">Premium</p>');
    expect(html).toContain(
      '<span class="sc-button" title="link: https://example.com/premium">Choose Premium</span>',
    );
    expect(html).toContain('<span class="sc-url">https://cdn.example.com/plans/premium.png</span>');
    expect(html).not.toMatch(/<img[^>]+src="https?:/);
    expect(html).toContain('<span class="qr">Yes, please</span><span class="qr">No thanks</span>');
    expect(html).toContain(
      '<li class="line line-alert"><span>Escalated with com.liveperson.bot-connectors-worker.error.pipes.chat-handle-bot-action.transfer-skill-not-existing',
    );
    expect(count(html, '<summary>Raw transcript JSON</summary>')).toBe(2);
  });

  it('escapes a script planted in a candidate message and in an evidence body', () => {
    const html = renderHtmlReport(sampleInput());
    expect(html).not.toContain(INJECTION);
    expect(html).not.toContain('<script>alert');
    // The bot message, the evidence body, and both raw JSON views.
    expect(html).toContain(`Hello! ${ESCAPED} Here is our most popular plan:`);
    expect(html).toContain(`&quot;version&quot;: &quot;${ESCAPED}&quot;`);
    expect(count(html, ESCAPED)).toBeGreaterThanOrEqual(3);
  });

  it('escapes attribute breakouts in checks, rule messages and structured content', () => {
    const input = sampleInput();
    const breakout = `"><img src=x onerror=alert(1)>`;
    input.ruleChecks = { ...input.ruleChecks, 'CE-STATE-02': breakout };
    const finding = input.report.results[0];
    if (finding) finding.message = `${breakout}</td></tr></table>`;
    const rich = input.conversations?.[0]?.events.find(
      (event) => event.type === 'RichContentEvent',
    );
    if (rich)
      rich.content = {
        type: 'button',
        title: breakout,
        click: { actions: [{ type: 'link', uri: `javascript:${breakout}` }] },
      };
    const html = renderHtmlReport(input);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('"><img');
    expect(html).not.toContain('</td></tr></table>');
  });

  it('lists what fails the run first, then failed SHOULD rules, warnings, passes, skips and info', () => {
    const html = renderHtmlReport(sampleInput());
    const listed = [...html.matchAll(/<tr class="rule" id="rule-([A-Z0-9-]+)"/g)].map(
      ([, id]) => id,
    );
    expect(listed).toEqual([
      'CE-STATE-02',
      'BOT-REPLY-05',
      'CE-ROUTE-02',
      'CE-CONV-01',
      'CE-ROUTE-01',
      'CE-EVENT-02',
      'BOT-SC-06',
      'FLOW-06',
      'CE-AUTH-04',
    ]);
    // Ids keep the run's order: CE-STATE-02, third in the run, keeps detail-2 and ev-2-0.
    expect(html).toContain('data-detail="detail-2"><td><span class="badge badge-fail"');
  });

  it('makes each count card a filter, and the total card the way back to every rule', () => {
    const html = renderHtmlReport(sampleInput());
    expect(html).toContain(
      '<button type="button" class="panel count count-fail" data-show="fail" aria-pressed="false" title="Show only: Failed"><span class="n">3</span>',
    );
    expect(html).toContain(
      '<button type="button" class="panel count count-total" data-show="" aria-pressed="false" title="Show every rule"><span class="n">9</span>',
    );
    for (const status of ['pass-with-warning', 'pass', 'skipped', 'info']) {
      expect(html).toContain(`data-show="${status}"`);
    }
  });

  it('gives each rule an anchor, so that index.html#CE-STATE-02 leads to it', () => {
    const html = renderHtmlReport(sampleInput());
    expect(html).toContain(
      '<button type="button" class="toggle" id="CE-STATE-02" aria-expanded="false" aria-controls="detail-2">CE-STATE-02</button><button type="button" class="permalink" data-rule="CE-STATE-02"',
    );
    expect(count(html, 'class="permalink"')).toBe(9);
  });

  it('rounds durations for a reader', () => {
    const html = renderHtmlReport(sampleInput());
    expect(html).toContain('<td class="num">1.2 s</td>');
    expect(html).toContain('<td class="num">45 ms</td>');
    expect(html).toContain('<span class="muted">31 ms · 09:30:01</span>');
    expect([0.4, 35.4, 999.4, 999.7, 1204, 59_949, 59_970, 125_400].map(formatDuration)).toEqual([
      '0 ms',
      '35 ms',
      '999 ms',
      '1.0 s',
      '1.2 s',
      '59.9 s',
      '1 min 0 s',
      '2 min 5 s',
    ]);
  });

  it("says how to set $TPB_TOKEN for the curls: minted from the run's key with its claims", () => {
    const html = renderHtmlReport(sampleInput());
    const note =
      '<code class="token-command">export TPB_TOKEN=$(npx tpb-conformance token --signing-key &lt;key&gt; --key-id tpb-conformance --account-id 12345678 --client-id tpb-harness)</code>';
    expect(html).toContain(note);
    // Once per rule whose evidence has a curl reading the token: CE-ROUTE-02, CE-STATE-02, CE-CONV-01.
    expect(count(html, note)).toBe(3);
    expect(html.indexOf(note, html.indexOf('id="detail-2"'))).toBeLessThan(
      html.indexOf('data-copy="ev-2-0"'),
    );
    const jwks = renderHtmlReport(
      sampleInput({
        target: {
          kind: 'custom-endpoint',
          baseUrl: 'https://bot.example.com',
          botId: 'demo-bot',
          environment: 'draft',
          accountId: '12345678',
          auth: 'jwks',
          clientId: 'tpb-harness',
        },
      }),
    );
    expect(jwks).toContain("signed its tokens with the mock Sentinel's key, gone with the run");
    expect(jwks).toContain(
      'export TPB_TOKEN=$(npx tpb-conformance token --signing-key &lt;key&gt; --account-id 12345678 --client-id tpb-harness)',
    );
  });

  it("shows a rule's title by its ID and links its LivePerson docs", () => {
    const input = sampleInput();
    const finding = input.report.results.find((each) => each.ruleId === 'CE-STATE-02');
    Object.assign(finding as Finding, {
      title: 'State is "online" in lower case',
      docs: [
        'https://developers.liveperson.com/third-party-bots-custom-endpoint-service-implementation.html',
        'javascript:alert(1)',
      ],
    });
    const html = renderHtmlReport(input);
    expect(html).toContain(
      '<div class="rule-title">State is &quot;online&quot; in lower case</div><div class="group">CE-STATE</div>',
    );
    expect(html).toContain(
      '<div class="docs"><h5>LivePerson docs</h5><ul><li><a class="doc-link" href="https://developers.liveperson.com/third-party-bots-custom-endpoint-service-implementation.html" target="_blank" rel="noopener noreferrer">',
    );
    // Only LivePerson's documentation becomes a link.
    expect(html).toContain('<li><code>javascript:alert(1)</code></li>');
    expect(html).not.toContain('href="javascript:');
  });

  it('embeds the report JSON with < escaped, so it cannot close its script block', () => {
    const html = renderHtmlReport(sampleInput());
    const data = scripts(html)[0]?.body ?? '';
    expect(data).not.toContain('<');
    expect(data).toContain('\\u003cscript>alert(1)\\u003c/script>');
    expect(JSON.parse(data)).toEqual(prepareReport(sampleInput().report));
  });
});
