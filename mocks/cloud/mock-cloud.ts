import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MockReadyInfo } from '../../schemas/index.ts';
import { ConsumerSimulator } from '../consumer/consumer-simulator.ts';
import { registerControlApi } from '../control/control-api.ts';
import { registerCsdsRoutes } from '../csds/csds-routes.ts';
import { HttpRouter } from '../http/http-router.ts';
import {
  closeServer,
  createRouterServers,
  listen,
  type RouterServers,
} from '../http/router-servers.ts';
import { AgentSessions } from '../login/agent-sessions.ts';
import { registerLoginRoutes } from '../login/login-routes.ts';
import type { Agent, AppInstallation } from '../platform/account-directory.ts';
import { systemClock } from '../platform/clock.ts';
import { createMockAccount, type MockAccount } from '../platform/mock-account.ts';
import { registerSentinelRoutes } from '../sentinel/sentinel-routes.ts';
import { TokenIssuer } from '../sentinel/token-issuer.ts';
import { type Certificates, loadOrCreateCertificates } from '../tls/certificate-authority.ts';
import { UmsServer } from '../ums/ums-server.ts';
import { rejectUpgrade } from '../ums/upgrade-path.ts';
import { CloudFaults } from './cloud-faults.ts';
import { type MockCloudOptions, mockCloudDefaults } from './mock-cloud-options.ts';

/** Where everything is, once the cloud listens. */
export interface MockCloudUrls {
  /** `https://127.0.0.1:PORT`: CSDS, login, Sentinel, UMS (wss), control API. */
  https: string;
  /** `http://127.0.0.1:PORT`: the same over plain HTTP/WS, for clients that allow it. */
  http: string;
  /** What a connector sets as `csdsDomain`. */
  csdsDomain: string;
  /** Sentinel V2 token endpoint of the primary account. */
  tokenUrl: string;
  /** Sentinel V1 token endpoint of the primary account. */
  tokenUrlV1: string;
  jwksUrl: string;
  /** Base of the control API (bearer `controlToken`). */
  controlUrl: string;
}

/**
 * The mock LivePerson Conversational Cloud on loopback: Sentinel, CSDS, agentVep login and the UMS
 * websocket over HTTPS/WSS (with a CA generated at start or loaded from `certDir`) and plain
 * HTTP/WS, plus the consumer simulator, fault controls and the control API.
 *
 * @example
 * const cloud = await MockCloud.start();
 * const { conversationId } = cloud.consumer.open({ text: 'hi' });
 * await cloud.stop();
 */
export class MockCloud {
  readonly account: MockAccount;
  readonly consumer: ConsumerSimulator;
  readonly faults: CloudFaults;
  /** The bot agent user on the primary account. */
  readonly agent: Agent;
  /** The App Installation whose client credentials Sentinel accepts. */
  readonly app: AppInstallation;
  readonly controlToken: string;
  #urls: MockCloudUrls | undefined;
  #stopped: Promise<void> | undefined;

  private constructor(
    readonly options: MockCloudOptions,
    readonly accounts: Map<string, MockAccount>,
    readonly certificates: Certificates,
    readonly sentinel: TokenIssuer,
    readonly sessions: AgentSessions,
    readonly ums: UmsServer,
    readonly router: HttpRouter,
    readonly servers: RouterServers,
    readonly ownsCertificateDir: boolean,
  ) {
    this.account = this.addAccount(options.accountId ?? mockCloudDefaults.accountId);
    const skills = options.skills?.length ? options.skills : mockCloudDefaults.skills;
    for (const name of skills) this.account.directory.addSkill(name);
    this.agent = this.account.directory.addAgent({
      loginName: options.agent?.username ?? mockCloudDefaults.username,
      ...(options.agent?.password ? { password: options.agent.password } : {}),
      isBot: true,
      skills: [skills[0] as string],
      escalationSkill: options.escalationSkill ?? mockCloudDefaults.escalationSkill,
      maxOpenConversations: options.maxOpenConversations ?? mockCloudDefaults.maxOpenConversations,
    });
    this.app = this.account.directory.addApp();
    this.consumer = new ConsumerSimulator(this.account, { defaultSkill: skills[0] as string });
    this.faults = new CloudFaults(this.ums, this.sessions);
    this.controlToken = options.controlToken ?? randomBytes(24).toString('base64url');
    registerControlApi(router, {
      simulator: (accountId) => {
        const account = accountId === undefined ? this.account : this.accounts.get(accountId);
        return account === this.account ? this.consumer : account && new ConsumerSimulator(account);
      },
      token: this.controlToken,
    });
  }

  /** Starts every server on 127.0.0.1 and resolves when they listen. */
  static async start(options: MockCloudOptions = {}): Promise<MockCloud> {
    const clock = options.clock ?? systemClock;
    const certificates = await loadOrCreateCertificates(
      options.certDir ? { dir: options.certDir } : {},
    );
    const sentinel = await TokenIssuer.create({
      clock,
      ...(options.tokenLifetimeSeconds ? { lifetimeSeconds: options.tokenLifetimeSeconds } : {}),
    });
    const sessions = new AgentSessions({
      clock,
      ...(options.sessionTtlMs ? { ttlMs: options.sessionTtlMs } : {}),
    });
    const router = new HttpRouter();
    const accounts = new Map<string, MockAccount>();
    const lookup = (accountId: string) => accounts.get(accountId);
    const ums = new UmsServer({
      accounts: lookup,
      sessions: {
        byBearer: (bearer) => sessions.byBearer(bearer),
        onRevoked: (listener) =>
          sessions.on('revoked', (session, reason) => listener(session, reason)),
      },
      clock,
      ...(options.maxFrameBytes ? { maxFrameBytes: options.maxFrameBytes } : {}),
    });
    const { secure, plain } = createRouterServers(router, certificates);
    for (const server of [secure, plain]) {
      server.on('upgrade', (req, socket, head) => {
        if (!ums.handleUpgrade(req, socket, head)) rejectUpgrade(socket, 404, 'Not Found');
      });
    }
    const cloud = new MockCloud(
      options,
      accounts,
      certificates,
      sentinel,
      sessions,
      ums,
      router,
      { secure, plain },
      !options.certDir,
    );
    const host = (isSecure: boolean) => cloud.#host(isSecure);
    registerSentinelRoutes(router, { accounts: lookup, issuer: sentinel });
    registerCsdsRoutes(router, { accounts: lookup, host });
    registerLoginRoutes(router, { accounts: lookup, sessions, host });
    const [port, httpPort] = await Promise.all([
      listen(secure, options.port ?? mockCloudDefaults.port),
      listen(plain, options.httpPort ?? mockCloudDefaults.httpPort),
    ]);
    cloud.#urls = urlsFor(cloud.account.accountId, port, httpPort);
    return cloud;
  }

  get urls(): MockCloudUrls {
    if (!this.#urls)
      throw new Error('Failed to read the mock cloud URLs: the cloud is not listening yet.');
    return this.#urls;
  }

  /** Hosts another account on the same cloud. */
  addAccount(accountId: string): MockAccount {
    const existing = this.accounts.get(accountId);
    if (existing) return existing;
    const account = createMockAccount({
      accountId,
      clock: this.options.clock ?? systemClock,
      canReceiveRings: (agent) => this.ums.canReceiveRings(accountId, agent),
      ...(this.options.ringExpirationMs ? { ringExpirationMs: this.options.ringExpirationMs } : {}),
    });
    this.accounts.set(accountId, account);
    return account;
  }

  /** The facts a client in another process needs, as `tpb-conformance mock --json` prints them. */
  readyInfo(): MockReadyInfo {
    return {
      csdsDomain: this.urls.csdsDomain,
      accountId: this.account.accountId,
      caCertPath: this.certificates.caCertPath,
      sentinel: {
        tokenUrl: this.urls.tokenUrl,
        jwksUrl: this.urls.jwksUrl,
        clientId: this.app.clientId,
        clientSecret: this.app.clientSecret,
      },
      agent: { username: this.agent.loginName, password: this.agent.password },
      controlUrl: this.urls.controlUrl,
      controlToken: this.controlToken,
    };
  }

  /** Closes every socket and server; idempotent. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      await this.ums.close();
      this.sessions.dispose();
      await Promise.all([closeServer(this.servers.secure), closeServer(this.servers.plain)]);
      if (this.ownsCertificateDir) {
        await rm(dirname(this.certificates.caCertPath), { recursive: true, force: true });
      }
    })();
    return this.#stopped;
  }

  #host(secure: boolean): string {
    const url = new URL(secure ? this.urls.https : this.urls.http);
    return url.host;
  }
}

function urlsFor(accountId: string, port: number, httpPort: number): MockCloudUrls {
  const https = `https://127.0.0.1:${port}`;
  return {
    https,
    http: `http://127.0.0.1:${httpPort}`,
    csdsDomain: `127.0.0.1:${port}`,
    tokenUrl: `${https}/sentinel/api/v2/account/${accountId}/app/token`,
    tokenUrlV1: `${https}/sentinel/api/account/${accountId}/app/token?v=1.0`,
    jwksUrl: `${https}/sentinel/well-known/jwks`,
    controlUrl: `${https}/control`,
  };
}
