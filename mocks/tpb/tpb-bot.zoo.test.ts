/**
 * Every broken bot of the zoo that should make the platform escalate, run through the engine over
 * the real websocket path: the exact runtime error code lands on the conversation.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { brokenBots, exampleUtterances, type RunningCustomEndpoint } from '../bots/index.ts';
import { MockCloud } from '../cloud/mock-cloud.ts';
import { createTpbBot } from './create-tpb-bot.ts';
import type { TpbBot } from './tpb-bot.ts';

/** How each escalating bot is provoked: the consumer's words and the conversation type. */
const provocations: Record<string, { text: string; channel?: 'chat' }> = {
  'put-fails': { text: exampleUtterances.fallback },
  'forgets-conversations': { text: exampleUtterances.fallback },
  'start-crashes': { text: exampleUtterances.fallback, channel: 'chat' },
  'non-json-reply': { text: exampleUtterances.fallback },
  'lower-case-item-type': { text: exampleUtterances.fallback },
  'two-actions': { text: exampleUtterances.transfer },
  'quick-replies-in-chat': { text: exampleUtterances['quick-replies'], channel: 'chat' },
  'empty-reply': { text: exampleUtterances.fallback },
  'unknown-transfer-skill': { text: exampleUtterances.transfer },
  'never-answers': { text: exampleUtterances.fallback },
  'slow-answers': { text: exampleUtterances.fallback },
};

let cloud: MockCloud;
const running: Array<RunningCustomEndpoint | TpbBot> = [];

beforeAll(async () => {
  cloud = await MockCloud.start({ skills: ['bot', 'human'] });
});

afterAll(async () => {
  for (const thing of running) await ('stop' in thing ? thing.stop() : thing.close());
  await cloud.stop();
});

const escalating = brokenBots.filter((bot) => bot.escalationCode !== undefined);

it('provokes every escalating broken bot', () => {
  expect(escalating.map((bot) => bot.name).sort()).toEqual(Object.keys(provocations).sort());
});

it.each(escalating.map((broken) => [broken.name, broken] as const))(
  '%s escalates with its code',
  async (name, broken) => {
    const provocation = provocations[name] ?? { text: 'hi' };
    const service = await broken.start({
      auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
      delayMs: 300,
    });
    running.push(service);
    const bot = createTpbBot(
      cloud,
      {
        kind: 'custom-endpoint',
        customEndpoint: {
          baseUrl: service.baseUrl,
          botId: service.botId,
          clientId: cloud.app.clientId,
          clientSecret: cloud.app.clientSecret,
        },
        conversationType: provocation.channel ?? 'messaging',
        escalation: { skill: 'human' },
        requestTimeoutMs: 100,
        retryPausesMs: [0, 0],
      },
      { skill: name },
    );
    running.push(bot);
    expect((await bot.start()).ok).toBe(true);
    const { conversationId } = cloud.consumer.open({
      skill: name,
      channel: provocation.channel ?? 'messaging',
      text: provocation.text,
    });
    if (provocation.channel === 'chat' && name !== 'start-crashes') {
      await cloud.consumer.waitForEvent(
        conversationId,
        (event) => event.from === 'bot',
        'the welcome answer',
      );
      cloud.consumer.sendText(conversationId, provocation.text);
    }
    await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.type === 'escalated',
      `the escalation by ${name}`,
    );
    expect(cloud.consumer.transcript(conversationId).errors.map((error) => error.code)).toEqual([
      broken.escalationCode,
    ]);
  },
);
