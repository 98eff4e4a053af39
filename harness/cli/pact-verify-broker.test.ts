/**
 * `pact verify --provider … --publish` against a Pact Broker played by msw: the pacts the broker
 * selects are fetched through its HAL API, verified by Pact's Verifier against a live bot (real
 * sockets), and each outcome is published to the pact's `pb:publish-verification-results`, where
 * can-i-deploy reads it. Every broker request is recorded and asserted.
 *
 * @see https://docs.pact.io/pact_broker/advanced_topics/provider_verification_results
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { brokenBot } from '../../mocks/index.ts';
import { writePlatformContract } from '../pact/platform-contract.ts';
import { runCli } from './test-support/run-cli.ts';

const base = 'https://broker.example.com';
const token = 'pactflow-token-s3cr3t';
const pactHref = `${base}/pacts/provider/my-bot/consumer/LivePerson-Third-Party-Bots/pact-version/p1`;
const resultsHref = `${pactHref}/verification-results`;

interface Recorded {
  method: string;
  path: string;
  authorization: string | null;
  body?: unknown;
}

let recorded: Recorded[] = [];
let dir: string;
let contract: Record<string, unknown>;
let keyFile: string;
let publicKeyPem: string;

async function record(request: Request): Promise<void> {
  const text = await request.clone().text();
  recorded.push({
    method: request.method,
    path: decodeURIComponent(new URL(request.url).pathname),
    authorization: request.headers.get('authorization'),
    ...(text ? { body: JSON.parse(text) } : {}),
  });
}

/** The broker: its index, the pacts for verification, one pact, a branch version, the results. */
const broker = [
  http.get(`${base}/`, async ({ request }) => {
    await record(request);
    return HttpResponse.json({
      _links: {
        'pb:provider-pacts-for-verification': {
          href: `${base}/pacts/provider/{provider}/for-verification`,
          templated: true,
        },
        'pb:pacticipant-branch-version': {
          href: `${base}/pacticipants/{pacticipant}/branches/{branch}/versions/{version}`,
          templated: true,
        },
      },
    });
  }),
  http.post(`${base}/pacts/provider/my-bot/for-verification`, async ({ request }) => {
    await record(request);
    return HttpResponse.json({
      _embedded: {
        pacts: [
          {
            shortDescription: 'latest from main of LivePerson-Third-Party-Bots',
            verificationProperties: { notices: [] },
            _links: { self: { href: pactHref, name: 'Pact between the platform and my-bot' } },
          },
        ],
      },
    });
  }),
  http.get(pactHref, async ({ request }) => {
    await record(request);
    return HttpResponse.json({
      ...contract,
      _links: { 'pb:publish-verification-results': { href: resultsHref } },
    });
  }),
  http.put(`${base}/pacticipants/my-bot/branches/main/versions/1.2.3`, async ({ request }) => {
    await record(request);
    return HttpResponse.json({});
  }),
  http.post(resultsHref, async ({ request }) => {
    await record(request);
    return HttpResponse.json({}, { status: 201 });
  }),
];

// The bots and the Verifier talk over loopback sockets; only the broker is played by msw.
const server = setupServer(...broker);

beforeAll(async () => {
  server.listen({
    onUnhandledRequest: (request, print) => {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'tpb-pact-verify-broker-'));
  const file = await writePlatformContract({ dir, provider: 'my-bot' });
  contract = JSON.parse(await readFile(file, 'utf8'));
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  publicKeyPem = await exportSPKI(publicKey);
  keyFile = join(dir, 'private.pem');
  await writeFile(keyFile, await exportPKCS8(privateKey), 'utf8');
}, 30_000);
afterEach(() => {
  recorded = [];
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

const publish = [
  '--provider',
  'my-bot',
  '--broker-url',
  base,
  '--broker-token',
  token,
  '--publish',
  '--provider-app-version',
  '1.2.3',
  '--provider-branch',
  'main',
];

describe('pact verify with a broker', () => {
  it('verifies what the broker selects and publishes a success against the version and branch', async () => {
    const reportDir = join(dir, 'report-pass');
    const result = await runCli(['pact', 'verify', ...publish, '--report-dir', reportDir], {
      cwd: dir,
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `Published the results of latest from main of LivePerson-Third-Party-Bots to ${base}.`,
    );
    expect(result.stdout + result.stderr).not.toContain(token);
    const bearer = `Bearer ${token}`;
    expect(
      recorded.map(({ method, path, authorization }) => [method, path, authorization]),
    ).toEqual([
      ['GET', '/', bearer],
      ['POST', '/pacts/provider/my-bot/for-verification', bearer],
      ['GET', new URL(pactHref).pathname, bearer],
      ['GET', '/', bearer],
      ['PUT', '/pacticipants/my-bot/branches/main/versions/1.2.3', bearer],
      ['POST', new URL(resultsHref).pathname, bearer],
    ]);
    expect(recorded[1]?.body).toEqual({
      consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
    });
    const results = recorded[5]?.body as {
      success: boolean;
      providerApplicationVersion: string;
      verifiedBy: { implementation: string };
      testResults: { interactionDescription: string; success: boolean }[];
    };
    expect(results).toMatchObject({
      success: true,
      providerApplicationVersion: '1.2.3',
      verifiedBy: { implementation: 'tpb-conformance' },
    });
    expect(results.testResults).toHaveLength(8);
    expect(results.testResults.every((test) => test.success)).toBe(true);
  }, 60_000);

  it('publishes a failure with the interaction that broke, and exits 1', async () => {
    const bot = await brokenBot('upper-case-state')?.start({ auth: { publicKeyPem } });
    if (!bot) throw new Error('no upper-case-state bot in the zoo');
    try {
      const result = await runCli(
        [
          'pact',
          'verify',
          ...publish,
          '--base-url',
          bot.baseUrl,
          '--bot-id',
          bot.botId,
          '--signing-key',
          keyFile,
          '--report-dir',
          join(dir, 'report-fail'),
        ],
        { cwd: dir },
      );
      expect(result.code, result.stdout + result.stderr).toBe(1);
      const results = recorded.find((request) => request.path === new URL(resultsHref).pathname)
        ?.body as {
        success: boolean;
        testResults: { interactionDescription: string; success: boolean }[];
      };
      expect(results.success).toBe(false);
      expect(
        results.testResults
          .filter((test) => !test.success)
          .map((test) => test.interactionDescription),
      ).toEqual(['a state check of the bot']);
    } finally {
      await bot.close();
    }
  }, 60_000);

  it('refuses --publish without a version, and --pact with --publish, before any request (exit 2)', async () => {
    const noVersion = await runCli(
      ['pact', 'verify', '--provider', 'my-bot', '--broker-url', base, '--publish'],
      { cwd: dir },
    );
    expect(noVersion.code).toBe(2);
    expect(noVersion.stderr).toContain('--publish needs --provider-app-version V');
    const local = await runCli(['pact', 'verify', '--pact', dir, '--publish'], { cwd: dir });
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('--pact verifies local files, which have nowhere to publish to');
    expect(recorded).toEqual([]);
  });
});
