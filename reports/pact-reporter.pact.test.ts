/**
 * pact.json is a real contract: written from a run against the built-in example bot, it passes
 * Pact's own verification (pact-js `Verifier`, Rust core) against a fresh example Custom
 * Endpoint, and fails it against a bot that breaks the contract (E2 state "ONLINE").
 *
 * @see https://docs.pact.io/implementation_guides/javascript/docs/provider
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchRules, runRules } from '../harness/index.ts';
import {
  brokenBot,
  type RunningCustomEndpoint,
  startExampleCustomEndpoint,
} from '../mocks/index.ts';
import { allChecks } from '../suites/index.ts';
import { builtInContext } from '../suites/test-support/contexts.ts';
import type { PactContract } from './pact-contract.ts';
import type {
  PactVerifierInput,
  PactVerifierOutput,
} from './test-support/pact-verifier-process.ts';
import { writeReports } from './write-reports.ts';

const verifierProcess = fileURLToPath(
  new URL('./test-support/pact-verifier-process.ts', import.meta.url),
);

let dir: string;
let pactFile: string;
let pact: PactContract;
let publicKeyPem: string;
let token: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tpb-pact-'));
  const built = await builtInContext();
  try {
    const report = await runRules(built.context, {
      rules: matchRules(['CE-ROUTE-*', 'CE-CONV-*', 'CE-EVENT-*']),
      checks: allChecks,
      strict: false,
      target: built.target,
    });
    expect(report.verdict).toBe('pass');
    await writeReports(dir, { report });
  } finally {
    await built.dispose();
  }
  pactFile = join(dir, 'pact.json');
  pact = JSON.parse(await readFile(pactFile, 'utf8')) as PactContract;

  // The provider pins our key, as `--signing-key` has a candidate do; the token is Sentinel's.
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  publicKeyPem = await exportSPKI(publicKey);
  token = await new SignJWT({ azp: 'tpb-pact', scope: 'thirdpartybots.customendpoint.bot' })
    .setProtectedHeader({ alg: 'RS256', kid: 'tpb-pact' })
    .setIssuer('Sentinel')
    .setAudience('le12345678')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(privateKey);
}, 30_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs Pact's Verifier over pact.json against `provider`, in a child process. */
async function verify(provider: RunningCustomEndpoint): Promise<PactVerifierOutput> {
  const resultFile = join(dir, `verification-${Date.now()}-${Math.random()}.json`);
  const input: PactVerifierInput = {
    pactFile,
    baseUrl: provider.baseUrl,
    botId: provider.botId,
    environment: provider.environment,
    token,
    resultFile,
  };
  try {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', verifierProcess], {
      env: { PATH: process.env.PATH ?? '', PACT_VERIFIER_INPUT: JSON.stringify(input) },
      timeout: 60_000,
    });
  } catch (error) {
    throw new Error(`Failed to run the Pact verifier: ${String(error)}`);
  }
  return JSON.parse(await readFile(resultFile, 'utf8')) as PactVerifierOutput;
}

interface CoreResult {
  interactionResults?: { description: string; result: string }[];
  errors?: { interaction: string; mismatch?: { mismatches?: { path?: string }[] } }[];
  output?: string[];
}

function interactionResults(output: PactVerifierOutput): Record<string, string> {
  const result = output.result as CoreResult;
  return Object.fromEntries(
    (result.interactionResults ?? []).map((entry) => [entry.description, entry.result]),
  );
}

describe('pact.json from a run against the built-in example bot', () => {
  it('is written beside the other reports, with one interaction per distinct exchange', async () => {
    expect((await readdir(dir)).sort()).toEqual([
      'index.html',
      'junit.xml',
      'pact.json',
      'report.json',
      'summary.md',
    ]);
    expect(pact.metadata.pactSpecification.version).toBe('3.0.0');
    expect(pact.interactions.map((interaction) => interaction.description)).toEqual([
      'a state check of the bot',
      'a request to create a MESSAGING conversation',
      'a request to create a CHAT conversation',
      'a TEXT event for a created conversation',
      'a START event for a created conversation',
    ]);
  });

  it('passes Pact verification against a freshly started example Custom Endpoint', async () => {
    const provider = await startExampleCustomEndpoint({
      botId: pact.provider.name,
      auth: { publicKeyPem },
    });
    try {
      const output = await verify(provider);
      const result = output.result as CoreResult;
      expect(output.passed, (result.output ?? [String(output.result)]).join('\n')).toBe(true);
      expect(interactionResults(output)).toEqual(
        Object.fromEntries(pact.interactions.map((i) => [i.description, 'OK'])),
      );
    } finally {
      await provider.close();
    }
  }, 60_000);

  it('fails Pact verification against a bot that reports its state as "ONLINE"', async () => {
    const broken = brokenBot('upper-case-state');
    if (!broken) throw new Error('No broken bot named upper-case-state in the zoo');
    const provider = await broken.start({ botId: pact.provider.name, auth: { publicKeyPem } });
    try {
      const output = await verify(provider);
      expect(output.passed).toBe(false);
      const results = interactionResults(output);
      expect(results['a state check of the bot']).toBe('Error');
      expect(Object.values(results).filter((value) => value !== 'OK')).toHaveLength(1);
      const errors = (output.result as CoreResult).errors ?? [];
      expect(errors.flatMap((error) => error.mismatch?.mismatches ?? [])).toContainEqual(
        expect.objectContaining({ path: '$.state' }),
      );
    } finally {
      await provider.close();
    }
  }, 60_000);
});
