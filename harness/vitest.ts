/**
 * The package's `tpb-conformance/vitest` entry: importing it registers `toConform()` on vitest's
 * `expect`, so that a vendor certifies inside their own test run:
 *
 * @example
 * import { certify } from 'tpb-conformance';
 * import 'tpb-conformance/vitest';
 * await expect(certify(config)).resolves.toConform();
 */
import { expect } from 'vitest';
import { failsRun, judgeRun, verdictReason } from '../reports/index.ts';
import type { Finding, Report } from '../schemas/index.ts';

export interface ToConformOptions {
  /**
   * Judge as `--strict` does: a failed SHOULD rule fails too. Default: the report's own `strict`
   * (the config's).
   */
  strict?: boolean;
}

interface ConformanceMatchers<R = unknown> {
  /**
   * Passes when the report's verdict is PASS: every applicable MUST rule was checked and none
   * failed (under `strict`, no SHOULD rule failed either). The failure message lists each failed
   * rule and each MUST rule that could not be checked.
   */
  toConform(options?: ToConformOptions): R;
}

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: vitest's own declaration has this default.
  interface Assertion<T = any> extends ConformanceMatchers<T> {}
  interface AsymmetricMatchersContaining extends ConformanceMatchers {}
}

function isReport(value: unknown): value is Report {
  const report = value as Partial<Report> | null;
  return (
    typeof report === 'object' &&
    report !== null &&
    Array.isArray(report.results) &&
    typeof report.strict === 'boolean'
  );
}

const firstLine = (text: string): string => text.split('\n', 1)[0] ?? '';

/** One line per failed rule (WARN when it does not count) and per unchecked MUST rule. */
function problemLines(
  results: readonly Finding[],
  strict: boolean,
  unchecked: Report['coverage']['unchecked'],
): string[] {
  const failed = results
    .filter((finding) => finding.status === 'fail')
    .map(
      (finding) =>
        `  ${failsRun(finding, strict) ? 'FAIL' : 'WARN'}  ${finding.ruleId} (${finding.level}) ${firstLine(finding.message)}`,
    );
  const notChecked = unchecked.map(
    (rule) => `  NOT CHECKED  ${rule.ruleId} (MUST) ${firstLine(rule.reason)}`,
  );
  return [...failed, ...notChecked];
}

expect.extend({
  toConform(received: unknown, options: ToConformOptions = {}) {
    if (!isReport(received)) {
      return {
        pass: false,
        message: () =>
          `Expected a tpb-conformance report (what certify() resolves to), got ${this.utils.printReceived(received)}.`,
      };
    }
    const strict = options.strict ?? received.strict;
    const { verdict, coverage } = judgeRun(received.results, strict);
    const reason = verdictReason({ results: received.results, strict, verdict, coverage });
    const pass = verdict === 'pass';
    return {
      pass,
      message: () =>
        pass
          ? `Expected the candidate not to conform, but the verdict is PASS: ${reason}`
          : [
              `Expected the candidate to conform, but the verdict is ${verdict.toUpperCase()}: ${reason}`,
              ...problemLines(received.results, strict, coverage.unchecked),
            ].join('\n'),
    };
  },
});
