import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writeReports } from '../../reports/index.ts';
import { allChecks } from '../../suites/index.ts';
import { rules } from '../rules/index.ts';
import { buildContext } from '../runner/build-context.ts';
import { certify } from '../runner/certify.ts';
import { exitCodeOf } from '../runner/runner.ts';

/** What one certification of a hostile candidate came to. */
export interface HostileRunOutcome {
  name: string;
  verdict: string;
  exitCode: number;
  failed: string[];
  warned: string[];
  /** Applicable MUST rules the run could not check (report.coverage.unchecked). */
  unchecked: string[];
  durationMs: number;
  /** Peak resident set size of the whole process, in MiB. */
  peakRssMiB: number;
  /** Bytes of every report file written. */
  reportBytes: number;
}

/**
 * Certifies one hostile candidate the way `tpb-conformance run` does (every rule, reports
 * written) and measures it, with the candidate in a child process. Run it in a process of its
 * own so that the peak RSS is the run's.
 */
export async function hostileRun(name: string, timeoutMs: number): Promise<HostileRunOutcome> {
  const started = performance.now();
  const built = await buildContext(
    { timeoutMs },
    {
      startCandidate: (cloud) =>
        serveElsewhere(name, cloud.urls.jwksUrl, cloud.certificates.caCertPem),
    },
  );
  const dir = await mkdtemp(join(tmpdir(), 'tpb-hostile-'));
  try {
    const { report, conversations } = await certify(built, {
      rules,
      checks: allChecks,
      strict: false,
    });
    const ruleChecks = Object.fromEntries(rules.map((rule) => [rule.id, rule.check]));
    const { files } = await writeReports(dir, {
      report,
      ruleChecks,
      ...(conversations ? { conversations } : {}),
    });
    let reportBytes = 0;
    for (const file of files) reportBytes += (await stat(file)).size;
    const ids = (status: string) =>
      report.results.filter((result) => result.status === status).map((result) => result.ruleId);
    return {
      name,
      verdict: report.verdict,
      exitCode: exitCodeOf(report),
      failed: ids('fail'),
      warned: ids('pass-with-warning'),
      unchecked: report.coverage.unchecked.map((rule) => rule.ruleId),
      durationMs: Math.round(performance.now() - started),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      reportBytes,
    };
  } finally {
    await built.dispose();
    if (!process.env.TPB_KEEP) await rm(dir, { recursive: true, force: true });
    else process.stderr.write(`${dir}\n`);
  }
}

/** Starts the hostile candidate in a child process (`serve-hostile.ts`). */
async function serveElsewhere(name: string, jwksUrl: string, ca: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', serveScript, name], {
    env: { ...process.env, TPB_JWKS_URL: jwksUrl, TPB_CA_PEM: ca },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  const address = JSON.parse(line) as { baseUrl: string; botId: string; environment: string };
  return {
    ...address,
    close: async () => {
      const exited = once(child, 'exit');
      child.stdin.end();
      await exited;
    },
  };
}

const serveScript = fileURLToPath(
  new URL('../../mocks/bots/hostile/serve-hostile.ts', import.meta.url),
);

// As a child process: `tsx hostile-run.ts NAME TIMEOUT_MS` prints the outcome as JSON.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  const [name, timeout] = process.argv.slice(2);
  hostileRun(name ?? '', Number(timeout ?? 2000)).then(
    (outcome) => {
      process.stdout.write(`${JSON.stringify(outcome)}\n`);
      process.exit(0);
    },
    (error: Error) => {
      process.stderr.write(`${error.stack ?? error.message}\n`);
      process.exit(3);
    },
  );
}
