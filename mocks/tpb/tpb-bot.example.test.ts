/**
 * The engine against the conformant example Custom Endpoint (real Sentinel tokens verified
 * against the mock's JWKS), over the real UMS websocket: every reply type and every action
 * (tpb-platform.md §§2, 4; custom-endpoint.md §8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exampleUtterances,
  type RunningCustomEndpoint,
  startExampleCustomEndpoint,
} from '../bots/index.ts';
import { MockCloud } from '../cloud/mock-cloud.ts';
import { ManualClock } from '../platform/clock.ts';
import { createTpbBot } from './create-tpb-bot.ts';
import type { TpbBot } from './tpb-bot.ts';

let cloud: MockCloud;
let service: RunningCustomEndpoint;
let bot: TpbBot;
const clock = new ManualClock();

beforeAll(async () => {
  cloud = await MockCloud.start({ skills: ['bot', 'human'] });
  service = await startExampleCustomEndpoint({
    auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
  });
  bot = createTpbBot(
    cloud,
    {
      kind: 'custom-endpoint',
      customEndpoint: {
        baseUrl: service.baseUrl,
        botId: service.botId,
        clientId: cloud.app.clientId,
        clientSecret: cloud.app.clientSecret,
      },
      escalation: { skill: 'human', customerMessage: 'Let me find a person for you.' },
      retryPausesMs: [0, 0],
    },
    { clock },
  );
  expect(await bot.start()).toEqual({ ok: true, detail: 'online' });
});

afterAll(async () => {
  await bot.stop();
  await service.close();
  await cloud.stop();
});

const fromBot = (type: string) => (event: { from: string; type: string }) =>
  event.from === 'bot' && event.type === type;

describe('the engine with the example Custom Endpoint', () => {
  it('answers text with a ContentEvent, after PUT then POST with a cached token', async () => {
    const { conversationId } = cloud.consumer.open({ text: exampleUtterances.fallback });
    const reply = await cloud.consumer.waitForEvent(
      conversationId,
      fromBot('ContentEvent'),
      'the echo',
    );
    expect(reply.message).toMatch(/Hello there/i);
    const calls = bot.log
      .forConversation(conversationId)
      .flatMap((entry) => (entry.kind === 'vendor-call' ? [entry.exchange.request] : []));
    expect(calls.map((request) => request.method)).toEqual(['PUT', 'POST']);
    expect(calls[0]?.headers.authorization).toBe('Bearer [redacted]');
    expect(cloud.consumer.transcript(conversationId).errors).toEqual([]);
  });

  it('renders structured content as a RichContentEvent with its metadata', async () => {
    const { conversationId } = cloud.consumer.open({
      text: exampleUtterances['structured-content'],
    });
    const card = await cloud.consumer.waitForEvent(
      conversationId,
      fromBot('RichContentEvent'),
      'the card',
    );
    expect(card.content).toMatchObject({ type: 'vertical' });
    expect(card.metadata).toEqual([{ type: 'ExternalId', id: 'example-card-1' }]);
  });

  it('renders quick replies as a ContentEvent carrying quickReplies (messaging)', async () => {
    const { conversationId } = cloud.consumer.open({ text: exampleUtterances['quick-replies'] });
    const options = await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.from === 'bot' && event.quickReplies !== undefined,
      'the quick replies',
    );
    expect(options.quickReplies).toMatchObject({ type: 'quickReplies' });
  });

  it('renders private text for agents and managers only, beside the consumer-visible text', async () => {
    const { conversationId } = cloud.consumer.open({ text: exampleUtterances['private-text'] });
    await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.audience === 'AGENTS_AND_MANAGERS',
      'the private note',
    );
    await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.from === 'bot' && event.audience === 'ALL',
      'the visible text',
    );
    const audiences = cloud.consumer
      .transcript(conversationId)
      .events.filter((event) => event.from === 'bot')
      .map((event) => event.audience);
    expect(audiences).toEqual(['AGENTS_AND_MANAGERS', 'ALL']);
  });

  it('sends encodedMetadata in the PublishEvent envelope (messaging)', async () => {
    const { conversationId } = cloud.consumer.open({ text: exampleUtterances['encoded-metadata'] });
    await cloud.consumer.waitForEvent(
      conversationId,
      fromBot('ContentEvent'),
      'the text with metadata',
    );
    await bot.idle();
    const published = bot.log
      .forConversation(conversationId)
      .find((entry) => entry.kind === 'ums' && entry.type === '.ams.ms.PublishEvent');
    expect(
      published?.kind === 'ums' && (published.body as { encodedMetadata?: string }).encodedMetadata,
    ).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('plays a DELAY as typing, a wait on the engine clock, then the next item', async () => {
    const { conversationId } = cloud.consumer.open({ text: exampleUtterances.delay });
    await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.from === 'bot' && event.chatState === 'COMPOSING',
      'the typing indicator',
    );
    await clock.waitForTimers(1);
    const before = cloud.consumer
      .transcript(conversationId)
      .events.filter((event) => event.from === 'bot' && event.type === 'ContentEvent');
    expect(before).toEqual([]);
    clock.advance(1000);
    await cloud.consumer.waitForEvent(
      conversationId,
      fromBot('ContentEvent'),
      'the text after the delay',
    );
    const states = cloud.consumer
      .transcript(conversationId)
      .events.filter((event) => event.chatState)
      .map((event) => event.chatState);
    expect(states).toEqual(['COMPOSING', 'ACTIVE']);
  });

  it('TRANSFER moves the conversation to the named skill and the bot stops answering it', async () => {
    const { conversationId } = cloud.consumer.open({ text: exampleUtterances.transfer });
    await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.type === 'skill-changed',
      'the transfer',
    );
    expect(cloud.consumer.transcript(conversationId)).toMatchObject({
      state: 'OPEN',
      skill: 'human',
    });
    cloud.consumer.sendText(conversationId, 'are you still there?');
    await bot.idle();
    const posts = bot.log
      .forConversation(conversationId)
      .filter((entry) => entry.kind === 'vendor-call' && entry.exchange.request.method === 'POST');
    expect(posts).toHaveLength(1);
  });

  it('CLOSE_CONVERSATION closes the main dialog (and opens the survey when there is one)', async () => {
    const plain = cloud.consumer.open({ text: exampleUtterances.close });
    await cloud.consumer.waitForState(plain.conversationId, 'CLOSE');
    const withSurvey = cloud.consumer.open({ text: exampleUtterances.close, survey: true });
    await cloud.consumer.waitForEvent(
      withSurvey.conversationId,
      (event) => event.type === 'dialog-opened',
      'the survey dialog',
    );
    expect(cloud.consumer.transcript(withSurvey.conversationId).state).toBe('OPEN');
  });

  it('CLOSE_CONVERSATION with withoutPcs closes the whole conversation even with a survey', async () => {
    const { conversationId } = cloud.consumer.open({ text: 'close without survey', survey: true });
    await cloud.consumer.waitForState(conversationId, 'CLOSE');
    expect(
      cloud.consumer
        .transcript(conversationId)
        .events.some((event) => event.type === 'dialog-opened'),
    ).toBe(false);
  });

  it('CHANGE_TTR sets the TTR', async () => {
    const { conversationId } = cloud.consumer.open({ text: exampleUtterances.ttr });
    await cloud.consumer.waitForEvent(
      conversationId,
      (event) => event.type === 'ttr-changed',
      'the TTR change',
    );
    expect(cloud.consumer.transcript(conversationId).ttr.ttrType).toBe('URGENT');
  });

  it('INVOKE_FUNCTION without failOnError goes on when the function is not deployed', async () => {
    const { conversationId } = cloud.consumer.open({ text: exampleUtterances['invoke-function'] });
    await cloud.consumer.waitForEvent(
      conversationId,
      fromBot('ContentEvent'),
      'the text before the action',
    );
    await bot.idle();
    const action = bot.log.forConversation(conversationId).find((entry) => entry.kind === 'action');
    expect(action).toMatchObject({ kind: 'action', outcome: 'failed', action: { name: 'INVOKE' } });
    expect(cloud.consumer.transcript(conversationId).errors).toEqual([]);
  });

  it('forwards consumer rich content and files, answered without escalation', async () => {
    const { conversationId } = cloud.consumer.open({ text: 'hi' });
    await cloud.consumer.waitForEvent(conversationId, fromBot('ContentEvent'), 'the first answer');
    cloud.consumer.sendRichContent(conversationId, {
      type: 'vertical',
      elements: [{ type: 'map', la: 1, lo: 2, alt: 'here' }],
    });
    cloud.consumer.sendFile(conversationId, { relativePath: '/files/a.jpg', fileType: 'JPEG' });
    await cloud.consumer.waitFor(
      () =>
        cloud.consumer.transcript(conversationId).events.filter((event) => event.from === 'bot')
          .length >= 3 || undefined,
      { description: 'three bot answers' },
    );
    const events = bot.log
      .forConversation(conversationId)
      .flatMap((entry) => (entry.kind === 'vendor-event' ? [entry.event] : []));
    expect(events).toEqual(['text', 'rich-content', 'file']);
    expect(cloud.consumer.transcript(conversationId).errors).toEqual([]);
  });
});
