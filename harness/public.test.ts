/**
 * The package's programmatic API (issue 10): `certify()` runs what `tpb-conformance run` runs and
 * resolves to its report.json, `startMockCloud()` starts and stops the mock cloud, and the
 * `tpb-conformance/vitest` matcher judges a report with the run's own verdict. Two certifications,
 * restricted by `rules` to stay fast.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { exportPKCS8, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exampleUtterances } from '../mocks/index.ts';
import { validate } from '../schemas/index.ts';
import { brokenFunctionModule } from '../suites/zoo/test-support/certify-zoo.ts';
import { runCli, tempProject } from './cli/test-support/run-cli.ts';
import {
  certify,
  type HarnessConfig,
  HarnessError,
  type Report,
  startMockCloud,
} from './public.ts';
import './vitest.ts';

const reportDir = tempProject();
let example: Report;
let broken: Report;

beforeAll(async () => {
  // certify() reads no TPB_* variable: this one would stop it (a pattern that matches nothing).
  vi.stubEnv('TPB_RULES', 'NOPE-*');
  [example, broken] = await Promise.all([
    certify({ rules: ['CE-STATE-*'], reportDir }),
    certify({
      kind: 'faas',
      function: brokenFunctionModule('ce-action-names'),
      rules: ['BOT-REPLY-04', 'FAAS-01', 'FAAS-04', 'FAAS-05'],
      timeoutMs: 2000,
      skills: ['human'],
      utterances: exampleUtterances,
    }),
  ]);
}, 120_000);

afterAll(() => {
  vi.unstubAllEnvs();
});

const failedIds = (report: Report) =>
  report.results.filter((finding) => finding.status === 'fail').map((finding) => finding.ruleId);

describe('certify', () => {
  it('certifies the built-in example bot: a valid report, the one written as report.json', () => {
    expect(validate('report', example).issues).toEqual([]);
    expect(example.verdict).toBe('pass');
    expect(example.target).toMatchObject({ kind: 'custom-endpoint', builtIn: true });
    expect(example.results.map((finding) => finding.ruleId)).toEqual([
      'CE-STATE-01',
      'CE-STATE-02',
      'CE-STATE-03',
      'CE-STATE-04',
      'CE-STATE-05',
      'CE-STATE-06',
    ]);
    expect(JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8'))).toEqual(example);
  });

  it("resolves to a failed verdict with a broken function's rules", () => {
    expect(validate('report', broken).issues).toEqual([]);
    expect(broken.verdict).toBe('fail');
    expect(failedIds(broken)).toEqual(['BOT-REPLY-04', 'FAAS-04', 'FAAS-05']);
  });

  const key = async () => {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const file = join(tempProject(), 'private.pem');
    writeFileSync(file, await exportPKCS8(privateKey));
    return file;
  };
  it.each<[string, () => Promise<HarnessConfig>, string]>([
    ['a value the schema rejects', async () => ({ timeoutMs: -1 }), 'TPB_CONFIG'],
    ['an unknown key', async () => ({ timeout: 5 }) as HarnessConfig, 'TPB_CONFIG'],
    ['a rule pattern that matches nothing', async () => ({ rules: ['NOPE-*'] }), 'TPB_CONFIG'],
    [
      'a Custom Endpoint without a way to authenticate',
      async () => ({ kind: 'custom-endpoint', baseUrl: 'https://bot.example', botId: 'b1' }),
      'TPB_CONFIG',
    ],
    [
      'a Custom Endpoint where nothing listens',
      async () => ({
        kind: 'custom-endpoint',
        baseUrl: 'http://127.0.0.1:1',
        botId: 'b1',
        signingKey: await key(),
      }),
      'TPB_UNREACHABLE',
    ],
  ])('rejects %s with the HarnessError code run exits 2 with', async (_name, make, code) => {
    const config = await make();
    const rejection = await certify(config).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(rejection).toBeInstanceOf(HarnessError);
    expect(rejection).toMatchObject({ code });
    const cwd = tempProject();
    writeFileSync(join(cwd, 'tpb.config.json'), JSON.stringify(config));
    const run = await runCli(['run'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`(${code})`);
  });

  it('names the config given to certify() in its messages', async () => {
    await expect(certify({ timeoutMs: -1 })).rejects.toThrow(
      /^Invalid timeoutMs in the config given to certify\(\)/,
    );
  });
});

describe('startMockCloud', () => {
  const listens = (url: string) =>
    new Promise<boolean>((resolve) => {
      const { hostname, port } = new URL(url);
      const socket = connect({ host: hostname, port: Number(port) });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });

  it('starts the mock cloud with its ready info, and stop() closes its ports', async () => {
    const cloud = await startMockCloud({ accountId: '424242', skills: ['sales'] });
    expect(validate('mock-ready-info', cloud.info).issues).toEqual([]);
    expect(cloud.info).toMatchObject({ accountId: '424242', csdsDomain: cloud.urls.csdsDomain });
    expect([await listens(cloud.urls.https), await listens(cloud.urls.http)]).toEqual([true, true]);
    await cloud.stop();
    expect([await listens(cloud.urls.https), await listens(cloud.urls.http)]).toEqual([
      false,
      false,
    ]);
  });
});

describe('toConform', () => {
  it('passes on a report whose verdict is PASS', async () => {
    await expect(Promise.resolve(example)).resolves.toConform();
    expect(() => expect(example).not.toConform()).toThrow(
      'Expected the candidate not to conform, but the verdict is PASS',
    );
  });

  it('fails on a broken candidate, listing each failed rule with its level and message', async () => {
    const assertion = expect(Promise.resolve(broken)).resolves.toConform();
    await expect(assertion).rejects.toThrow(
      /^Expected the candidate to conform, but the verdict is FAIL: 3 MUST rules failed\./,
    );
    const message = await assertion.catch((error: Error) => error.message);
    for (const finding of broken.results.filter((each) => each.status === 'fail')) {
      expect(message).toContain(
        `  FAIL  ${finding.ruleId} (${finding.level}) ${finding.message.split('\n')[0]}`,
      );
    }
  });

  it('counts a failed SHOULD rule only with { strict: true }', () => {
    const withShouldFailed: Report = {
      ...example,
      results: example.results.map((finding) =>
        finding.ruleId === 'CE-STATE-04' ? { ...finding, status: 'fail' } : finding,
      ),
    };
    expect(withShouldFailed).toConform();
    expect(() => expect(withShouldFailed).toConform({ strict: true })).toThrow(
      /1 SHOULD rule failed under --strict\.\n {2}FAIL {2}CE-STATE-04 \(SHOULD\)/,
    );
  });

  it('says so when given something other than a report', () => {
    expect(() => expect({ verdict: 'pass' }).toConform()).toThrow(
      'Expected a tpb-conformance report (what certify() resolves to)',
    );
  });
});
