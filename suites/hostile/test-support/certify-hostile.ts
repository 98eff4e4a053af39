import { buildContext, certify, exitCodeOf, matchRules } from '../../../harness/index.ts';
import { hostileCandidate } from '../../../mocks/index.ts';
import type { ControlTranscript, Finding, Report } from '../../../schemas/index.ts';
import { allChecks } from '../../index.ts';

export interface HostileCertification {
  report: Report;
  conversations: ControlTranscript[];
  exitCode: number;
  durationMs: number;
  failed: string[];
  finding(ruleId: string): Finding;
}

/**
 * Certifies a hostile candidate the way `tpb-conformance run` does. The LIMIT rules (999
 * conversations at once) are left out: in one process with the candidate they measure the
 * machine; `npm run robustness` runs them with the candidate in a process of its own.
 */
export async function certifyHostile(
  name: string,
  timeoutMs = 1000,
): Promise<HostileCertification> {
  const candidate = hostileCandidate(name);
  const started = performance.now();
  const built = await buildContext(
    { timeoutMs },
    {
      startCandidate: (cloud) =>
        candidate.start({
          auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
        }),
    },
  );
  try {
    const rules = matchRules(['*']).filter((rule) => !rule.id.startsWith('LIMIT-'));
    const { report, conversations = [] } = await certify(built, {
      rules,
      checks: allChecks,
      strict: false,
    });
    return {
      report,
      conversations,
      exitCode: exitCodeOf(report),
      durationMs: performance.now() - started,
      failed: report.results.filter((result) => result.status === 'fail').map((r) => r.ruleId),
      finding: (ruleId) => {
        const found = report.results.find((result) => result.ruleId === ruleId);
        if (!found) throw new Error(`No finding for ${ruleId}`);
        return found;
      },
    };
  } finally {
    await built.dispose();
  }
}
