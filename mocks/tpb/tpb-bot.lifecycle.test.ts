/**
 * Bot lifecycle (tpb-platform.md §9), welcome events (§5), SDES, the 404 recovery and the Functions
 * vendor, through the real websocket path with the engine on a manual clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TPBBotConfig } from '../../schemas/index.ts';
import { lambda } from '../bots/index.ts';
import { MockCloud } from '../cloud/mock-cloud.ts';
import type { Agent } from '../platform/account-directory.ts';
import { ManualClock } from '../platform/clock.ts';
import type { BotState } from './bot-log.ts';
import { createTpbBot } from './create-tpb-bot.ts';
import {
  ceReply,
  ceText,
  type ScriptedCall,
  ScriptedCustomEndpoint,
} from './test-support/scripted-custom-endpoint.ts';
import type { TpbBot } from './tpb-bot.ts';

let cloud: MockCloud;
const services: ScriptedCustomEndpoint[] = [];
const bots: TpbBot[] = [];

beforeAll(async () => {
  cloud = await MockCloud.start({ skills: ['bot', 'human'] });
});

afterAll(async () => {
  await Promise.all(bots.map((bot) => bot.stop()));
  await Promise.all(services.map((service) => service.close()));
  await cloud.stop();
});

async function scripted(): Promise<ScriptedCustomEndpoint> {
  const service = await ScriptedCustomEndpoint.start();
  services.push(service);
  return service;
}

function addBot(
  service: ScriptedCustomEndpoint,
  skill: string,
  overrides: Partial<TPBBotConfig> = {},
  clock?: ManualClock,
): TpbBot {
  const bot = createTpbBot(
    cloud,
    {
      kind: 'custom-endpoint',
      customEndpoint: {
        baseUrl: service.baseUrl,
        botId: 'lifecycle',
        clientId: cloud.app.clientId,
        clientSecret: cloud.app.clientSecret,
      },
      escalation: { skill: 'human', customerMessage: 'A person will help you.' },
      retryPausesMs: [0, 0],
      ...overrides,
    },
    { skill, username: `bot-${skill}`, ...(clock ? { clock } : {}) },
  );
  bots.push(bot);
  return bot;
}

function nextState(bot: TpbBot, state: BotState): Promise<string> {
  return new Promise((resolve) => {
    const listener = (to: BotState, _from: BotState, reason: string) => {
      if (to !== state) return;
      bot.off('state', listener);
      resolve(reason);
    };
    bot.on('state', listener);
  });
}

const eventsOf = (service: ScriptedCustomEndpoint) =>
  service.callsTo('/events').map(
    (call) =>
      call.body as {
        type: string;
        data: { message?: string };
        context: { lpEvent: Record<string, unknown> };
      },
  );

describe('bot lifecycle', () => {
  it('stays offline when Test Connection fails (state not "online"), and never logs in', async () => {
    const service = await scripted();
    service.script = () => ({ status: 200, body: { state: 'maintenance', version: '1' } });
    const bot = addBot(service, 'down');
    expect(await bot.start()).toEqual({
      ok: false,
      detail: 'Test Connection failed: not-online (state "maintenance")',
    });
    expect(bot.state).toBe('offline');
    expect(cloud.account.directory.agentByLoginName('bot-down')?.availability).toBe('OFFLINE');
  });

  it('goes into Vendor Interruption, escalates new conversations without calling the vendor, and recovers on the health check', async () => {
    const service = await scripted();
    const clock = new ManualClock();
    const bot = addBot(service, 'flaky', { healthCheckIntervalMs: 60_000 }, clock);
    await bot.start();
    const normal = service.script;
    service.script = (call) => (call.path.endsWith('/events') ? { status: 503 } : normal(call));
    const interrupted = nextState(bot, 'vendor-interruption');
    const first = cloud.consumer.open({ skill: 'flaky', text: 'hi' });
    await interrupted;
    await cloud.consumer.waitForEvent(
      first.conversationId,
      (event) => event.type === 'skill-changed',
      'the first escalation',
    );
    const posts = service.callsTo('/events').length;
    const second = cloud.consumer.open({ skill: 'flaky', text: 'anyone?' });
    const transcript = await cloud.consumer.waitForEvent(
      second.conversationId,
      (event) => event.type === 'skill-changed',
      'the immediate escalation',
    );
    expect(transcript.type).toBe('skill-changed');
    expect(
      cloud.consumer.transcript(second.conversationId).errors.map((error) => error.code),
    ).toEqual(['tpb-conformance.mock.customendpoint.http-503']);
    expect(service.callsTo('/events')).toHaveLength(posts);

    service.script = normal;
    const recovered = nextState(bot, 'online');
    await clock.waitForTimers(1);
    clock.advance(60_000);
    expect(await recovered).toBe('health check passed');
    const third = cloud.consumer.open({ skill: 'flaky', text: 'back?' });
    await cloud.consumer.waitForEvent(
      third.conversationId,
      (event) => event.message === 'echo: back?',
      'an answer after recovery',
    );
  });

  // Every close code the platform documents (ums.md §5.3): 4401/4407 need a new login first.
  it.each([
    ['a dropped connection', (agent: Agent) => cloud.faults.dropSocket(agent, 1006), 1006],
    ['a policy close', (agent: Agent) => cloud.faults.dropSocket(agent, 1008), 1008],
    ['a server error close', (agent: Agent) => cloud.faults.dropSocket(agent, 1011), 1011],
    ['an authentication close', (agent: Agent) => cloud.faults.dropSocket(agent, 4401), 4401],
    [
      'an authentication close (4407)',
      (agent: Agent) => cloud.faults.dropSocket(agent, 4407),
      4407,
    ],
    [
      'the bearer expiring mid-conversation',
      (agent: Agent) => cloud.faults.expireBearer(agent),
      4401,
    ],
  ] as const)(
    'goes into Service Interruption on %s, restarts on the interval and serves again',
    async (_what, fault, code) => {
      const service = await scripted();
      const clock = new ManualClock();
      const skill = `resilient-${code}-${_what.length}`;
      cloud.account.directory.addSkill(skill);
      const bot = addBot(service, skill, { restartIntervalMs: 60_000 }, clock);
      await bot.start();
      const agent = cloud.account.directory.agentByLoginName(`bot-${skill}`);
      if (!agent) throw new Error('no agent');
      const before = cloud.consumer.open({ skill, text: 'before' });
      await cloud.consumer.waitForEvent(
        before.conversationId,
        (event) => event.message === 'echo: before',
        'an answer before the fault',
      );
      const down = nextState(bot, 'service-interruption');
      expect(fault(agent)).toBeGreaterThan(0);
      expect(await down).toBe(`UMS socket closed (${code})`);
      const up = nextState(bot, 'online');
      await clock.waitForTimers(1);
      clock.advance(60_000);
      expect(await up).toBe('restarted');
      // The conversation it had goes on, and a new one is served.
      cloud.consumer.sendText(before.conversationId, 'after');
      await cloud.consumer.waitForEvent(
        before.conversationId,
        (event) => event.message === 'echo: after',
        'an answer in the old conversation after the restart',
      );
      const { conversationId } = cloud.consumer.open({ skill, text: 'hello again' });
      await cloud.consumer.waitForEvent(
        conversationId,
        (event) => event.message === 'echo: hello again',
        'an answer after the restart',
      );
      // One session per agent user: the restart did not leave the old one behind.
      expect(
        cloud.sessions.active().filter((session) => session.userId === agent.userId),
      ).toHaveLength(1);
    },
  );
});

describe('notification faults', () => {
  it.each([
    ['duplicated', (agent: Agent) => cloud.faults.duplicateNotifications(4, agent)],
    ['reordered', (agent: Agent) => cloud.faults.reorderNotifications(2, agent)],
  ] as const)(
    'calls the vendor once per consumer message when notifications arrive %s',
    async (what, fault) => {
      const service = await scripted();
      const skill = `notified-${what}`;
      cloud.account.directory.addSkill(skill);
      await addBot(service, skill).start();
      const agent = cloud.account.directory.agentByLoginName(`bot-${skill}`);
      if (!agent) throw new Error('no agent');
      const { conversationId } = cloud.consumer.open({ skill, text: 'one' });
      await cloud.consumer.waitForEvent(
        conversationId,
        (event) => event.message === 'echo: one',
        'the first answer',
      );
      expect(fault(agent)).toBe(1);
      cloud.consumer.sendText(conversationId, 'two');
      cloud.consumer.sendText(conversationId, 'three');
      for (const text of ['two', 'three']) {
        await cloud.consumer.waitForEvent(
          conversationId,
          (event) => event.message === `echo: ${text}`,
          `the answer to "${text}"`,
        );
      }
      cloud.faults.reset();
      const texts = eventsOf(service)
        .filter((event) => event.type === 'TEXT')
        .map((event) => event.data.message);
      expect([...texts].sort()).toEqual(['one', 'three', 'two']);
    },
  );
});

describe('conversation flow', () => {
  it('sends the welcome event first in a chat conversation', async () => {
    const service = await scripted();
    await addBot(service, 'chat', { conversationType: 'chat' }).start();
    const { conversationId } = cloud.consumer.open({ skill: 'chat', channel: 'chat' });
    await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.message === 'welcome',
      'the welcome answer',
    );
    expect(
      eventsOf(service).map((event) => [event.type, event.context.lpEvent.isWelcomeEvent]),
    ).toEqual([['START', true]]);
  });

  it('sends the welcome event with lastConsumerMessage when a messaging conversation is transferred in', async () => {
    const front = await scripted();
    front.script = (call: ScriptedCall) =>
      call.path.endsWith('/state')
        ? { status: 200, body: { state: 'online', version: '1' } }
        : call.method === 'PUT'
          ? { status: 200 }
          : ceReply(ceText('Passing you on'), {
              type: 'ACTION',
              data: { name: 'TRANSFER', parameters: { skillName: 'back' } },
            });
    const back = await scripted();
    cloud.account.directory.addSkill('back');
    await addBot(front, 'front').start();
    await addBot(back, 'back', { welcomeMessage: true }).start();
    const { conversationId } = cloud.consumer.open({ skill: 'front', text: 'I need billing' });
    await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.message === 'welcome',
      'the welcome from the second bot',
    );
    const [start] = eventsOf(back);
    expect(start?.type).toBe('START');
    expect(start?.context.lpEvent.lastConsumerMessage).toBe('I need billing');
  });

  it('sends the SDES in the PUT only with Engagement Attributes', async () => {
    const service = await scripted();
    await addBot(service, 'sdes', { engagementAttributes: true }).start();
    const sdes = { unauthenticatedSdes: { customerInfo: { customerId: 'c-1' } } };
    const { conversationId } = cloud.consumer.open({
      skill: 'sdes',
      text: 'hi',
      sdes,
      engagementId: 7,
    });
    await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.from === 'bot',
      'the answer',
    );
    const put = service.calls.find((call) => call.method === 'PUT');
    expect(put?.body).toEqual({
      context: { type: 'MESSAGING', skillId: expect.any(String), engagementId: 7 },
      sdes,
    });
  });

  it('recovers from a 404 on POST by PUT and POST once more', async () => {
    const service = await scripted();
    await addBot(service, 'amnesia').start();
    const normal = service.script;
    let forgot = false;
    service.script = (call) => {
      if (call.path.endsWith('/events') && !forgot) {
        forgot = true;
        return { status: 404, body: { error: 'unknown conversation' } };
      }
      return normal(call);
    };
    const { conversationId } = cloud.consumer.open({ skill: 'amnesia', text: 'remember me?' });
    await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.message === 'echo: remember me?',
      'the answer after recovery',
    );
    expect(
      service.calls.filter((call) => call.path.includes(conversationId)).map((call) => call.method),
    ).toEqual(['PUT', 'POST', 'PUT', 'POST']);
  });

  it('runs a LivePerson Function bot (in-process), chat welcome included', async () => {
    const bot = createTpbBot(
      cloud,
      {
        kind: 'faas',
        faas: { module: 'in-process' },
        conversationType: 'chat',
        escalation: { skill: 'human' },
      },
      { skill: 'function', username: 'bot-function', fn: lambda as never },
    );
    bots.push(bot);
    expect((await bot.start()).ok).toBe(true);
    const { conversationId } = cloud.consumer.open({ skill: 'function', channel: 'chat' });
    await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.from === 'bot',
      'the welcome from the function',
    );
    cloud.consumer.sendText(conversationId, 'Hello there');
    await cloud.consumer.waitFor(
      () =>
        cloud.consumer.transcript(conversationId).events.filter((event) => event.from === 'bot')
          .length >= 2 || undefined,
      { description: 'the answer from the function' },
    );
    expect(cloud.consumer.transcript(conversationId).errors).toEqual([]);
  });
});
