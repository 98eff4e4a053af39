// junit.xml: one testcase per rule, classname = the rule group. Failed MUST rules are failures;
// failed SHOULD rules are failures only under --strict; warnings and info go to system-out.

import { describe, expect, it } from 'vitest';
import { renderJunitReport } from './junit-reporter.ts';
import { INJECTION, sampleInput } from './test-support/sample-report.ts';
import { xmlProblems } from './test-support/xml-well-formed.ts';

interface Testcase {
  classname: string;
  name: string;
  body: string;
}

function testcases(xml: string): Map<string, Testcase> {
  const cases = new Map<string, Testcase>();
  const pattern =
    /<testcase classname="([^"]*)" name="([^"]*)"[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g;
  for (const [, classname = '', name = '', body = ''] of xml.matchAll(pattern)) {
    cases.set(name.split(' ')[0] ?? '', { classname, name, body });
  }
  return cases;
}

const child = (body: string, tag: string): boolean => new RegExp(`<${tag}[\\s>/]`).test(body);

describe('renderJunitReport', () => {
  it('writes one testcase per rule, named by ID and check sentence, classed by group', () => {
    const xml = renderJunitReport(sampleInput());
    expect(xmlProblems(xml)).toEqual([]);
    const cases = testcases(xml);
    expect([...cases.keys()]).toEqual(sampleInput().report.results.map((each) => each.ruleId));
    expect(cases.get('CE-STATE-02')).toMatchObject({
      classname: 'CE-STATE',
      name: 'CE-STATE-02 E2 for the configured bot and environment returns `state: &quot;online&quot;` (exact, lower case).',
    });
    expect(cases.get('BOT-REPLY-05')?.classname).toBe('BOT-REPLY');
    expect(xml).toMatch(
      /<testsuites name="tpb-conformance 0\.1\.0" tests="9" failures="2" errors="0" skipped="1"/,
    );
    expect(xml).toMatch(/<testsuite name="CE-ROUTE" tests="2" failures="0" errors="0" skipped="0"/);
  });

  it('reports a failed MUST rule as a failure with message, expected/actual and evidence', () => {
    const failure = testcases(renderJunitReport(sampleInput())).get('CE-STATE-02')?.body ?? '';
    expect(failure).toMatch(
      /^\s*<failure message="CE-STATE-02: expected state &quot;online&quot;, got &quot;ONLINE&quot;\. Bot state must be lower case; see rules\.md\." type="MUST rule failed">/,
    );
    expect(failure).toContain('Expected: state "online" (exact, lower case)');
    expect(failure).toContain('Actual: state "ONLINE"');
    expect(failure).toContain(
      '&gt; GET https://bot.example.com/v1/bots/demo-bot/environments/draft/state',
    );
    expect(failure).toContain('&lt; 200');
    expect(failure).toContain("repeat with: curl -sS -X GET 'https://bot.example.com/");
    expect(failure).not.toContain(INJECTION);
    expect(failure).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(child(failure, 'system-out')).toBe(false);
  });

  it('puts a failed SHOULD rule, a warning and an info in system-out, not failures', () => {
    const cases = testcases(renderJunitReport(sampleInput()));
    for (const ruleId of ['CE-ROUTE-02', 'CE-CONV-01', 'CE-AUTH-04']) {
      const body = cases.get(ruleId)?.body ?? '';
      expect(child(body, 'failure'), ruleId).toBe(false);
      expect(child(body, 'system-out'), ruleId).toBe(true);
    }
    expect(cases.get('CE-ROUTE-02')?.body).toContain('fails the run only under --strict');
    expect(cases.get('CE-CONV-01')?.body).toContain(
      '- 201 Created is accepted; 200 OK is the preferred answer',
    );
    expect(cases.get('CE-ROUTE-01')?.body).toBe('');
  });

  it('makes a failed SHOULD rule a failure under --strict', () => {
    const xml = renderJunitReport(sampleInput({ strict: true }));
    const body = testcases(xml).get('CE-ROUTE-02')?.body ?? '';
    expect(body).toMatch(
      /<failure message="CE-ROUTE-02: [^"]*" type="SHOULD rule failed \(--strict\)">/,
    );
    expect(child(body, 'system-out')).toBe(false);
    // Three failed rules, and FLOW-06: a MUST rule left unchecked fails under --strict.
    expect(xml).toMatch(/<testsuites [^>]*failures="4"[^>]*skipped="0"/);
  });

  it('makes an applicable MUST rule left unchecked a failure under --strict', () => {
    const body = testcases(renderJunitReport(sampleInput({ strict: true }))).get('FLOW-06')?.body;
    expect(body).toMatch(
      /<failure message="FLOW-06 skipped: [^"]*" type="MUST rule not checked \(--strict\)">/,
    );
  });

  it('reports a skipped rule as <skipped> with its reason', () => {
    const body = testcases(renderJunitReport(sampleInput())).get('FLOW-06')?.body ?? '';
    expect(body.trim()).toBe(
      '<skipped message="FLOW-06 skipped: the manifest declares no transfer trigger. Declare one under triggers.transfer to run it."/>',
    );
  });

  it('escapes markup and strips characters XML 1.0 forbids', () => {
    const input = sampleInput();
    const finding = input.report.results.find((each) => each.ruleId === 'CE-STATE-02');
    if (!finding) throw new Error('fixture changed');
    finding.message = `bad\u0000 \u001b[31m ${INJECTION} & "quotes" 'single' \uD800 \uFFFE ]]> done`;
    finding.expected = 'a\nmulti-line\tvalue';
    const xml = renderJunitReport(input);
    expect(xmlProblems(xml)).toEqual([]);
    for (const forbidden of ['\u0000', '\u001b', '\uFFFE', '\uD800']) {
      expect(xml.includes(forbidden)).toBe(false);
    }
    expect(xml).toContain(
      'message="bad [31m &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &apos;single&apos;   ]]&gt; done"',
    );
  });

  it("names a testcase by the rule's title and puts its documentation in the failure", () => {
    const input = sampleInput();
    const finding = input.report.results.find((each) => each.ruleId === 'CE-STATE-02');
    if (!finding) throw new Error('no CE-STATE-02 in the sample');
    finding.title = 'Bot state online';
    finding.docs = [
      'https://developers.liveperson.com/third-party-bots-custom-endpoint-service-implementation.html',
    ];
    const xml = renderJunitReport(input);
    expect(xmlProblems(xml)).toEqual([]);
    const testcase = testcases(xml).get('CE-STATE-02');
    expect(testcase?.name).toBe('CE-STATE-02 Bot state online');
    expect(testcase?.body).toMatch(/^\s*<failure message="CE-STATE-02: expected state/);
    expect(testcase?.body).toContain(
      'Documentation: https://developers.liveperson.com/third-party-bots-custom-endpoint-service-implementation.html</failure>',
    );
  });

  it('uses the rule ID alone when the check sentence is unknown', () => {
    const input = sampleInput();
    delete input.ruleChecks;
    expect(testcases(renderJunitReport(input)).get('FLOW-06')?.name).toBe('FLOW-06');
  });
});
