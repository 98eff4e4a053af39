/**
 * The package entry (`import … from 'tpb-conformance'`): `certify()` and `startMockCloud()` for a
 * vendor's own test runner, `defineConfig` for a tpb.config.ts, and their types. Every export is
 * listed by name. Like cli/tpb-conformance.ts it is a composition root (docs/architecture.md): it
 * hands the suites' checks to the runner.
 *
 * A tpb.config.ts imports this module for `defineConfig` while the CLI loads it, so the harness
 * behind `certify()` and `startMockCloud()` is imported on their first call, not here: loading a
 * config stays cheap and never loads the harness a second time.
 */
import type { HarnessConfig, Report } from '../schemas/index.ts';
import type { CertifyOptions } from './cli/run-certification.ts';
import type { MockCloudHandle, StartMockCloudOptions } from './cli/start-mock-cloud.ts';

export type {
  Finding,
  FindingStatus,
  HarnessConfig,
  MockReadyInfo,
  Report,
  RuleLevel,
} from '../schemas/index.ts';
export type { CertifyOptions } from './cli/run-certification.ts';
export type { MockCloudHandle, StartMockCloudOptions } from './cli/start-mock-cloud.ts';
export { defineConfig } from './config/define-config.ts';
export { HarnessError, type HarnessErrorCode } from './harness-error.ts';

/**
 * Certifies a candidate as `tpb-conformance run` does and resolves to the report, the object
 * `run` writes as report.json (validated, secrets redacted). The config has the keys of a
 * tpb.config.ts and is checked the same way; it is the whole config: no TPB_* variable and no
 * config file is read (write `clientSecret: process.env.TPB_CLIENT_SECRET` to take one from the
 * environment). Reports are written only when the config sets `reportDir`.
 *
 * A candidate that breaks rules resolves (the report's verdict says so). What makes `run` exit 2
 * rejects with a HarnessError and its code (TPB_CONFIG, TPB_UNREACHABLE, TPB_NO_CHECKS, …), or
 * with a report error (code TPB_REPORT_WRITE) when the reports cannot be written. The mock cloud
 * and everything else the run started are stopped before it settles.
 *
 * @example
 * const report = await certify({ kind: 'faas', function: './bot.js', rules: ['FAAS-*'] });
 * console.log(report.verdict);
 */
export async function certify(
  config: HarnessConfig,
  options: CertifyOptions = {},
): Promise<Report> {
  const [{ allChecks }, { certifyConfig }] = await Promise.all([
    import('../suites/index.ts'),
    import('./cli/run-certification.ts'),
  ]);
  return certifyConfig(config, allChecks, options);
}

/**
 * Starts the mock Conversational Cloud on 127.0.0.1, as `tpb-conformance mock` does, and resolves
 * to its ready info, URLs and `stop()`. A failure to start is a HarnessError `TPB_MOCK_START`.
 *
 * @example
 * const cloud = await startMockCloud();
 * try { connectMyBot({ csdsDomain: cloud.info.csdsDomain }); } finally { await cloud.stop(); }
 */
export async function startMockCloud(
  options: StartMockCloudOptions = {},
): Promise<MockCloudHandle> {
  const { startMockCloud: start } = await import('./cli/start-mock-cloud.ts');
  return start(options);
}
