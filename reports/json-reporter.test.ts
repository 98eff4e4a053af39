// report.json: the format is schemas/report.schema.json; a report that does not match it, or
// whose summary and verdict disagree with its results, is never written.

import { describe, expect, it } from 'vitest';
import { validate } from '../schemas/index.ts';
import { renderJsonReport } from './json-reporter.ts';
import { ReportError } from './report-error.ts';
import { INJECTION, sampleInput } from './test-support/sample-report.ts';

function thrown(run: () => unknown): ReportError {
  try {
    run();
  } catch (error) {
    if (error instanceof ReportError) return error;
    throw error;
  }
  throw new Error('expected a ReportError');
}

describe('renderJsonReport', () => {
  it('writes a report that validates against report.schema.json', () => {
    const input = sampleInput();
    const json = renderJsonReport(input);
    const parsed: unknown = JSON.parse(json);
    expect(validate('report', parsed).issues).toEqual([]);
    expect(parsed).toEqual(input.report);
    expect(json.endsWith('\n')).toBe(true);
  });

  it('keeps the evidence a failed MUST rule rests on, curl included', () => {
    const parsed = JSON.parse(renderJsonReport(sampleInput()));
    const finding = parsed.results.find(
      (each: { ruleId: string }) => each.ruleId === 'CE-STATE-02',
    );
    expect(finding).toMatchObject({ level: 'MUST', status: 'fail' });
    expect(finding.evidence[0].curl).toMatch(/^curl -sS -X GET 'https:\/\/bot\.example\.com\//);
    // The bearer is read from a variable that names no secret: redaction leaves it for replay.
    expect(finding.evidence[0].curl).toContain('-H "authorization: Bearer $TPB_TOKEN"');
    expect(finding.evidence[0].response.body.text).toContain(INJECTION);
  });

  it('refuses a report that does not match the schema, naming each issue', () => {
    const input = sampleInput();
    Object.assign(input.report.results[0] ?? {}, { status: 'passed' });
    Object.assign(input.report.target, { clientSecret: 'hunter2' });
    const error = thrown(() => renderJsonReport(input));
    expect(error.code).toBe('TPB_REPORT_INVALID');
    expect(error.message).toMatch(/^Failed to write report\.json: the report does not match/);
    expect(error.message).toContain('/results/0/status');
    expect(error.issues.map((issue) => issue.path)).toContain('/target/clientSecret');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a summary or verdict that disagrees with the results', () => {
    const input = sampleInput({
      verdict: 'pass',
      summary: { total: 9, passed: 4, failed: 3, warnings: 1, skipped: 1, info: 1 },
    });
    const error = thrown(() => renderJsonReport(input));
    expect(error.issues.map((issue) => issue.path)).toEqual(['/summary/passed', '/verdict']);
    expect(error.message).toContain('/verdict: expected "fail" (a MUST rule failed), got "pass"');
  });

  it('redacts secrets that slipped into headers, curl, URLs and bodies', () => {
    const input = sampleInput();
    const evidence = input.report.results.find((each) => each.ruleId === 'CE-STATE-02')
      ?.evidence[0];
    if (evidence?.kind !== 'http') throw new Error('fixture changed');
    evidence.request.headers.authorization = 'Bearer eyJhbGciOiJSUzI1NiJ9.secret.sig';
    evidence.request.url = 'https://admin:s3cret@bot.example.com/state?client_secret=abc&x=1';
    evidence.request.body = {
      text: '{"client_secret":"abc","grant_type":"client_credentials"}',
      bytes: 56,
      truncated: false,
    };
    evidence.curl =
      "curl -X GET 'https://bot.example.com/state' -H 'authorization: Bearer eyJ.secret.sig' -u admin:s3cret";
    const json = renderJsonReport(input);
    for (const secret of ['eyJ', 's3cret', '"abc"', 'client_secret=abc']) {
      expect(json).not.toContain(secret);
    }
    const parsed = JSON.parse(json);
    const redacted = parsed.results.find(
      (each: { ruleId: string }) => each.ruleId === 'CE-STATE-02',
    ).evidence[0];
    expect(redacted.request.headers.authorization).toBe('Bearer [redacted]');
    expect(redacted.curl).toContain("-H 'authorization: Bearer [redacted]'");
    expect(redacted.request.body.text).toBe(
      '{"client_secret":"[redacted]","grant_type":"client_credentials"}',
    );
  });

  it('cuts evidence bodies at the stated limit, on a character boundary', () => {
    const input = sampleInput({ evidenceBodyLimitBytes: 10 });
    const evidence = input.report.results.find((each) => each.ruleId === 'CE-STATE-02')
      ?.evidence[0];
    if (evidence?.kind !== 'http' || !evidence.response) throw new Error('fixture changed');
    evidence.response.body = { text: 'ééééééééé', bytes: 18, truncated: false };
    const parsed = JSON.parse(renderJsonReport(input));
    const body = parsed.results.find((each: { ruleId: string }) => each.ruleId === 'CE-STATE-02')
      .evidence[0].response.body;
    expect(body).toEqual({ text: 'ééééé', bytes: 18, truncated: true });
  });

  it('never changes its input', () => {
    const input = sampleInput({ evidenceBodyLimitBytes: 5 });
    const before = structuredClone(input);
    renderJsonReport(input);
    expect(input).toEqual(before);
  });
});
