import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AddAgentOptions, Agent } from '../../platform/account-directory.ts';
import { ManualClock } from '../../platform/clock.ts';
import { createMockAccount, type MockAccount } from '../../platform/mock-account.ts';
import { UmsServer, type UmsServerOptions } from '../ums-server.ts';
import type { UmsSession, UmsSessionSource } from '../ums-session-source.ts';
import { rejectUpgrade } from '../upgrade-path.ts';
import { TestUmsClient } from './test-ums-client.ts';

/** A Map of bearers, standing in for the mock's session store. */
export class TestSessions implements UmsSessionSource {
  readonly #sessions = new Map<string, UmsSession>();
  readonly #listeners: ((session: UmsSession, reason: string) => void)[] = [];

  issue(accountId: string, agent: Agent): string {
    const bearer = randomBytes(16).toString('hex');
    this.#sessions.set(bearer, { accountId, userId: agent.userId, bearer });
    return bearer;
  }

  revoke(bearer: string, reason = 'revoked'): void {
    const session = this.#sessions.get(bearer);
    if (!session) return;
    this.#sessions.delete(bearer);
    for (const listener of this.#listeners) listener(session, reason);
  }

  byBearer(bearer: string): UmsSession | undefined {
    return this.#sessions.get(bearer);
  }

  onRevoked(listener: (session: UmsSession, reason: string) => void): void {
    this.#listeners.push(listener);
  }
}

/** One UMS server on 127.0.0.1 port 0 with a real account, a manual clock and its own clients. */
export interface UmsTestBed {
  server: UmsServer;
  account: MockAccount;
  accountId: string;
  clock: ManualClock;
  sessions: TestSessions;
  http: Server;
  port: number;
  /** The skill bots get by default. */
  skillId: string;
  url(bearer: string, query?: string): string;
  addBot(options?: Partial<AddAgentOptions>): Agent;
  /** Issues a session for the agent and opens a socket with its bearer. */
  connect(agent: Agent): Promise<TestUmsClient & { bearer: string }>;
  /** Opens a conversation on the bot skill. */
  openConversation(): ReturnType<MockAccount['conversations']['open']>;
  close(): Promise<void>;
}

export async function startUmsTestBed(
  options: Partial<Omit<UmsServerOptions, 'accounts' | 'sessions' | 'clock'>> = {},
): Promise<UmsTestBed> {
  const accountId = '12345678';
  const clock = new ManualClock();
  const sessions = new TestSessions();
  let server: UmsServer | undefined;
  const account = createMockAccount({
    accountId,
    clock,
    canReceiveRings: (agent) => server?.canReceiveRings(accountId, agent) ?? false,
  });
  const umsServer = new UmsServer({
    accounts: (id) => (id === accountId ? account : undefined),
    sessions,
    clock,
    ...options,
  });
  server = umsServer;
  const skillId = account.directory.addSkill('bot').id;
  const http = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  http.on('upgrade', (req, socket, head) => {
    if (!umsServer.handleUpgrade(req, socket, head)) rejectUpgrade(socket, 404, 'Not Found');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const clients: TestUmsClient[] = [];
  let nextBotNumber = 1;
  const url = (bearer: string, query = '?v=2.1') =>
    `ws://127.0.0.1:${port}/ws_api/account/${accountId}/messaging/brand/${bearer}${query}`;
  return {
    server: umsServer,
    account,
    accountId,
    clock,
    sessions,
    http,
    port,
    skillId,
    url,
    addBot(overrides = {}) {
      return account.directory.addAgent({
        loginName: `bot-${nextBotNumber++}`,
        isBot: true,
        skills: ['bot'],
        ...overrides,
      });
    },
    async connect(agent) {
      const bearer = sessions.issue(accountId, agent);
      const client = await TestUmsClient.connect(url(bearer));
      clients.push(client);
      return Object.assign(client, { bearer });
    },
    openConversation() {
      return account.conversations.open({ skillId });
    },
    async close() {
      await Promise.all(clients.map((client) => client.close()));
      await umsServer.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}
