/**
 * The 999 open-conversation limit of a bot (tpb-platform.md §11): with the default limit the bot
 * serves 999 conversations through its vendor, the 1,000th is escalated with LivePerson's limit
 * code and never reaches the vendor, and the 999 keep being served.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MockCloud } from '../cloud/mock-cloud.ts';
import { maxConversationLimitReached } from '../platform/error-codes.ts';
import { createTpbBot } from './create-tpb-bot.ts';
import { ScriptedCustomEndpoint } from './test-support/scripted-custom-endpoint.ts';
import type { TpbBot } from './tpb-bot.ts';

let cloud: MockCloud;
let service: ScriptedCustomEndpoint;
let bot: TpbBot;

beforeAll(async () => {
  cloud = await MockCloud.start({ skills: ['bot', 'human'] });
  service = await ScriptedCustomEndpoint.start();
  bot = createTpbBot(cloud, {
    kind: 'custom-endpoint',
    customEndpoint: {
      baseUrl: service.baseUrl,
      botId: 'busy',
      clientId: cloud.app.clientId,
      clientSecret: cloud.app.clientSecret,
    },
    escalation: {
      skill: 'human',
      customerMessage: 'All our bots are busy, a person will help you.',
    },
  });
  await bot.start();
});

afterAll(async () => {
  await bot.stop();
  await service.close();
  await cloud.stop();
});

it('serves 999 conversations and escalates the 1,000th with the limit code', {
  timeout: 60_000,
}, async () => {
  const ids = Array.from(
    { length: 1000 },
    (_, index) => cloud.consumer.open({ text: `hello ${index}` }).conversationId,
  );
  const answered = (id: string) =>
    cloud.account.conversations
      .get(id)
      ?.log.some(
        (entry) =>
          entry.kind === 'event' &&
          entry.originator.role === 'ASSIGNED_AGENT' &&
          entry.audience === 'ALL' &&
          (entry.event as { message?: string }).message?.startsWith('echo:'),
      );
  await cloud.consumer.waitFor(() => ids.filter(answered).length === 999 || undefined, {
    timeoutMs: 45_000,
    description: '999 conversations answered by the bot',
  });
  const [over, ...more] = ids.filter((id) => !answered(id));
  expect(more).toEqual([]);
  const transcript = cloud.consumer.transcript(over as string);
  expect(transcript.errors.map((error) => error.code)).toEqual([maxConversationLimitReached]);
  expect(transcript.skill).toBe('human');
  expect(transcript.events.find((event) => event.from === 'bot')?.message).toBe(
    'All our bots are busy, a person will help you.',
  );
  expect(service.calls.some((call) => call.path.includes(over as string))).toBe(false);

  // The 999 are unaffected: one of them keeps talking to the vendor.
  const kept = ids[0] as string;
  cloud.consumer.sendText(kept, 'one more');
  await cloud.consumer.waitForEvent(
    kept,
    (event) => event.message === 'echo: one more',
    'an answer in a served conversation',
  );
});
