// Spec: ums.md §5 and §12 (connect sequence as the mock observes it): node-agent-sdk 1.2.0's own
// request, response and transform code, over its own ws 1.1.5 client and real TLS, works against
// the mock unmodified. CSDS and login are skipped (bearer mode, ums.md §4.1): only the socket is
// under test here.
import { EventEmitter, once } from 'node:events';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateCertificates } from '../tls/certificate-authority.ts';
import { startUmsTestBed, type UmsTestBed } from './test-support/test-ums-bed.ts';

interface SdkAgent extends EventEmitter {
  [request: string]: unknown;
  dispose(): void;
}
type SdkRequest = (body: unknown, ...rest: unknown[]) => void;

const require = createRequire(import.meta.url);
const SDK = require('node-agent-sdk/lib/AgentSDK.js') as { prototype: object };
const CONST = require('node-agent-sdk/lib/Const.js') as { REQUESTS: string[] };

let bed: UmsTestBed;
let tls: Server;
let host: string;
let ca: string;
let certificateDir: string;

/**
 * An SDK agent that skips CSDS and login and opens the socket with a bearer, exactly as
 * `_connect` does after login (`_init({domain, token, ...conf})`).
 */
async function connectSdk(agentUserId: string, pid: string, bearer: string): Promise<SdkAgent> {
  const agent = Object.create(SDK.prototype) as SdkAgent & Record<string, unknown>;
  EventEmitter.call(agent);
  (agent._registerRequests as (requests: string[]) => void)(CONST.REQUESTS);
  Object.assign(agent, {
    accountId: bed.accountId,
    userId: agentUserId,
    __oldAgentId: `${bed.accountId}.${agentUserId}`,
    agentId: pid,
    conf: {},
  });
  agent.on('error', (error: Error) => agent.emit('test-error', error));
  (agent._init as (options: object) => void)({
    domain: host,
    token: bearer,
    accountId: bed.accountId,
    ca,
    requestTimeout: 2000,
  });
  await once(agent, 'connected');
  return agent;
}

/** Calls an SDK request method and resolves with its body, or rejects with the error envelope. */
function call(
  agent: SdkAgent,
  method: string,
  body: unknown,
  ...rest: unknown[]
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    (agent[method] as SdkRequest)(body, ...rest, (error: unknown, result: unknown) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/** Resolves with the next SDK event of that name, or fails after 2 s naming what it waited for. */
function next<T>(agent: SdkAgent, event: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Timed out after 2000 ms waiting for the SDK event ${event}.`)),
      2000,
    );
    agent.once(event, (body: T) => {
      clearTimeout(timer);
      resolve(body);
    });
  });
}

beforeAll(async () => {
  bed = await startUmsTestBed();
  const certificates = await loadOrCreateCertificates();
  ca = certificates.caCertPem;
  certificateDir = dirname(certificates.caCertPath);
  tls = createServer({ cert: certificates.certPem, key: certificates.keyPem });
  tls.on('upgrade', (req, socket, head) => bed.server.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(tls.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await bed.close();
  tls.closeAllConnections();
  await new Promise((resolve) => tls.close(resolve));
  await rm(certificateDir, { recursive: true, force: true });
});

describe('node-agent-sdk 1.2.0 against the mock UMS', () => {
  it('runs the typical bot: ONLINE, subscribe, ring, accept, messages both ways, close', async () => {
    const bot = bed.addBot();
    const agent = await connectSdk(bot.userId, bot.pid, bed.sessions.issue(bed.accountId, bot));
    const errors: unknown[] = [];
    agent.on('test-error', (error) => errors.push(error));
    try {
      await call(agent, 'setAgentState', { availability: 'ONLINE' });
      const routing = next<{ changes: unknown[] }>(agent, 'routing.RoutingTaskNotification');
      await call(agent, 'subscribeRoutingTasks', {});
      expect((await routing).changes).toEqual([]);
      const initial = next<{ changes: unknown[] }>(agent, 'cqm.ExConversationChangeNotification');
      await call(agent, 'subscribeExConversations', { convState: ['OPEN'], agentIds: [bot.pid] });
      expect((await initial).changes).toEqual([]);

      const ringed = next<{ changes: { result: { ringsDetails: { ringId: string }[] } }[] }>(
        agent,
        'routing.RoutingTaskNotification',
      );
      const conversation = bed.openConversation();
      const ringId = (await ringed).changes[0]?.result.ringsDetails[0]?.ringId;
      const assigned = next<{
        changes: { result: { conversationDetails: { participants: unknown[] } } }[];
      }>(agent, 'cqm.ExConversationChangeNotification');
      await call(agent, 'updateRingState', { ringId, ringState: 'ACCEPTED' });
      expect((await assigned).changes[0]?.result.conversationDetails.participants).toEqual([
        { id: conversation.consumerId, role: 'CONSUMER' },
        { id: bot.pid, role: 'ASSIGNED_AGENT' },
      ]);

      const message = next<{ changes: { originatorId: string; event: { message: string } }[] }>(
        agent,
        'ms.MessagingEventNotification',
      );
      bed.account.conversations.publish(conversation.id, {
        originator: conversation.participants[0] as (typeof conversation.participants)[number],
        event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hello' },
      });
      expect((await message).changes[0]).toMatchObject({
        originatorId: conversation.consumerId,
        event: { message: 'hello' },
      });

      const history = next<{ changes: unknown[] }>(agent, 'ms.MessagingEventNotification');
      await call(agent, 'subscribeMessagingEvents', { dialogId: conversation.id });
      expect((await history).changes).toHaveLength(1);

      const echo = next<{ changes: { __isMe: boolean }[] }>(agent, 'ms.MessagingEventNotification');
      expect(
        await call(
          agent,
          'publishEvent',
          {
            dialogId: conversation.id,
            event: { type: 'RichContentEvent', content: { type: 'vertical', elements: [] } },
          },
          null,
          [{ type: 'ExternalId', id: 'card-1' }],
        ),
      ).toEqual({ sequence: 1 });
      expect((await echo).changes[0]?.__isMe).toBe(true);

      expect(await call(agent, 'getUserProfile', conversation.consumerId)).toEqual([]);
      await expect(
        call(agent, 'publishEvent', {
          dialogId: 'nope',
          event: { type: 'ChatStateEvent', chatState: 'ACTIVE' },
        }),
      ).rejects.toMatchObject({ kind: 'resp', code: 404, type: '.ReqBody$ErrorResp' });

      await call(agent, 'updateConversationField', {
        conversationId: conversation.id,
        conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }],
      });
      expect(conversation.state).toBe('CLOSE');
      expect(errors).toEqual([]);
    } finally {
      agent.dispose();
    }
  });

  it('reports 4401 through the SDK closed event when the session is revoked', async () => {
    const bot = bed.addBot();
    const bearer = bed.sessions.issue(bed.accountId, bot);
    const agent = await connectSdk(bot.userId, bot.pid, bearer);
    try {
      const closed = next<number>(agent, 'closed');
      bed.sessions.revoke(bearer);
      expect(await closed).toBe(4401);
    } finally {
      agent.dispose();
    }
  });
});
