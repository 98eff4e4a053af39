import { resolve } from 'node:path';
import {
  assertNever,
  exampleUtterances,
  type FaasTarget,
  MockCloud,
  SentinelTokenCache,
  startExampleCustomEndpoint,
} from '../../mocks/index.ts';
import type { HarnessConfig, Report } from '../../schemas/index.ts';
import { isSet, withDefaults } from '../config/defaults.ts';
import { HarnessError } from '../harness-error.ts';
import { CandidateHttp } from './candidate-http.ts';
import { CandidateInterruption } from './candidate-interruption.ts';
import { ErrorResponseLog } from './error-response-log.ts';
import { startJwksServer } from './jwks-server.ts';
import type { RunContext } from './run-context.ts';
import { RunScenarios } from './run-scenarios.ts';
import { runSession, type Session } from './session.ts';
import { readSigningKey } from './signing-key.ts';
import { TokenMinter } from './token-minter.ts';

export interface BuiltContext {
  context: RunContext;
  /** What report.json says of the target: no secrets. */
  target: Report['target'];
  dispose(): Promise<void>;
}

/**
 * Starts what a run needs (the mock cloud, the built-in example bot when no target is given, a
 * fixed-port JWKS in --jwks-port mode) and builds the checks' context.
 */
export interface BuildContextOptions {
  /**
   * Starts the Custom Endpoint certified when the config names no target; default the built-in
   * example bot. Tests hand in a broken bot of the zoo here.
   */
  startCandidate?: (
    cloud: MockCloud,
  ) => Promise<{ baseUrl: string; botId: string; environment: string; close(): Promise<void> }>;
}

export async function buildContext(
  given: Readonly<HarnessConfig>,
  options: BuildContextOptions = {},
): Promise<BuiltContext> {
  // resolveConfig's result already has the defaults; a bare config (tests, programmatic runs)
  // gets the same ones here, and applying them twice changes nothing.
  const config = withDefaults(given);
  const { accountId, timeoutMs } = config;
  const disposers: Array<() => Promise<unknown>> = [];
  const cloud = await MockCloud.start({ accountId });
  disposers.push(() => cloud.stop());
  try {
    const issuerKey = cloud.sentinel.activeKey();
    const sentinelMinter = (clientId: string) =>
      new TokenMinter({
        privateKey: issuerKey.privateKey,
        kid: issuerKey.kid,
        accountId,
        clientId,
      });
    let session: Promise<Session> | undefined;
    const { conversationType, skills } = config;
    // Human agents the candidate may transfer to by agentId, serving the declared skills.
    for (const userId of config.agents) {
      cloud.account.directory.addAgent({ loginName: `agent-${userId}`, userId, skills });
    }
    const base = {
      config,
      timeoutMs,
      conversationTypes:
        conversationType === 'both' ? (['messaging', 'chat'] as const) : [conversationType],
      cloud,
      utterances: { ...(config.kind ? {} : exampleUtterances), ...config.utterances },
      skills,
      agents: config.agents,
      scenarios: new RunScenarios(),
    };
    let context: RunContext;
    let target: Report['target'];
    const withSession = (partial: Omit<RunContext, 'session'>): RunContext => {
      const built: RunContext = { ...partial, session: () => (session ??= runSession(built)) };
      return built;
    };

    switch (config.kind) {
      // No kind: the built-in example bot, a Custom Endpoint.
      case undefined:
      case 'custom-endpoint': {
        let address: { baseUrl: string; botId: string; environment: string };
        let minter: TokenMinter | undefined;
        let bearer: () => Promise<string>;
        let auth: 'signing-key' | 'jwks' | 'client-credentials';
        if (!config.kind) {
          const example = await (options.startCandidate ?? startBuiltIn)(cloud);
          disposers.push(() => example.close());
          address = {
            baseUrl: example.baseUrl,
            botId: example.botId,
            environment: example.environment,
          };
          minter = sentinelMinter(cloud.app.clientId);
          bearer = () => (minter as TokenMinter).token();
          auth = 'jwks';
        } else {
          address = {
            baseUrl: config.baseUrl as string,
            botId: config.botId as string,
            environment: config.environment,
          };
          const { clientId } = config;
          if (config.signingKey) {
            minter = new TokenMinter({
              privateKey: await readSigningKey(config.signingKey),
              kid: config.keyId,
              accountId,
              clientId,
            });
            auth = 'signing-key';
          } else if (config.jwksPort !== undefined) {
            const server = await startJwksServer(config.jwksPort, cloud.sentinel);
            disposers.push(() => server.close());
            minter = sentinelMinter(clientId);
            auth = 'jwks';
          } else if (config.tokenUrl && isSet(config, 'clientId') && config.clientSecret) {
            auth = 'client-credentials';
          } else {
            throw new HarnessError(
              'TPB_CONFIG',
              'No way to authenticate to the Custom Endpoint: pass --signing-key private.pem (the candidate pins its public key), --jwks-port PORT (the candidate fetches the mock JWKS there), or --token-url with --client-id and --client-secret (a real Sentinel).',
            );
          }
          if (minter) {
            const known = minter;
            bearer = () => known.token();
          } else {
            const cache = new SentinelTokenCache({
              tokenUrl: config.tokenUrl as string,
              clientId,
              clientSecret: config.clientSecret as string,
            });
            disposers.push(() => cache.close());
            bearer = () => cache.token();
          }
        }
        const errorResponses = new ErrorResponseLog();
        const interruption = new CandidateInterruption();
        const http = new CandidateHttp(address, {
          timeoutMs,
          errorLog: errorResponses,
          gate: interruption,
        });
        disposers.push(() => http.close());
        context = withSession({
          ...base,
          target: { kind: 'custom-endpoint', address, http, errorResponses, interruption },
          ...(minter ? { minter } : {}),
          bearer,
        });
        target = {
          kind: 'custom-endpoint',
          ...address,
          accountId,
          auth,
          // The report names the client only when the run chose one.
          ...(isSet(config, 'clientId') ? { clientId: config.clientId } : {}),
          ...(auth === 'signing-key' ? { keyId: config.keyId } : {}),
          ...(config.kind ? {} : { builtIn: true }),
        };
        break;
      }
      case 'faas': {
        const where = config.function as string;
        const faas: FaasTarget = /^https?:\/\//.test(where)
          ? { url: where }
          : { module: resolve(where) };
        context = withSession({
          ...base,
          target: { kind: 'faas', faas },
          bearer: () => sentinelMinter(cloud.app.clientId).token(),
        });
        target = { kind: 'faas', function: where };
        break;
      }
      case 'connector': {
        const command = config.command as string;
        context = withSession({
          ...base,
          target: { kind: 'connector', command },
          bearer: () => sentinelMinter(cloud.app.clientId).token(),
        });
        target = { kind: 'connector', command };
        break;
      }
      default:
        return assertNever(config.kind);
    }
    return {
      context,
      target,
      async dispose() {
        for (const dispose of disposers.reverse()) await dispose().catch(() => undefined);
      },
    };
  } catch (error) {
    for (const dispose of disposers.reverse()) await dispose().catch(() => undefined);
    throw error;
  }
}

/** The built-in example bot, trusting the mock Sentinel's JWKS. */
function startBuiltIn(cloud: MockCloud) {
  return startExampleCustomEndpoint({
    auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
  });
}
