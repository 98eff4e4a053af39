// Spec: custom-endpoint.md §2–§6 and §9 (routes, status codes, bodies), §10 (variants the
// candidate must accept); rules.md CE-ROUTE, CE-STATE, CE-CONV, CE-EVENT, BOT-REPLY, BOT-SC.
// The example service runs over real HTTP with real tokens from a MockCloud Sentinel (JWKS over
// HTTPS, trusting the cloud's CA).
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CustomEndpointEventResponseBody,
  type CustomEndpointResponseItem,
  validate,
} from '../../../schemas/index.ts';
import { MockCloud } from '../../cloud/mock-cloud.ts';
import { exampleEncodedMetadata, exampleImageHost, exampleLambdaUuid } from '../example-content.ts';
import { exampleUtterances, sendFileIdentifier } from '../example-intents.ts';
import {
  CeClient,
  conversationBody,
  messagingLpEvent,
  newConvId,
  startEvent,
  textEvent,
} from '../test-support/ce-client.ts';
import { type RunningCustomEndpoint, startExampleCustomEndpoint } from './index.ts';

let cloud: MockCloud;
let ce: RunningCustomEndpoint;
let client: CeClient;

beforeAll(async () => {
  cloud = await MockCloud.start();
  ce = await startExampleCustomEndpoint({
    auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
    accountId: cloud.account.accountId,
    environments: ['draft', 'production'],
  });
  const token = await cloud.sentinel.issue({
    accountId: cloud.account.accountId,
    clientId: cloud.app.clientId,
    scope: cloud.app.scope,
  });
  client = new CeClient(ce, token);
});

afterAll(async () => {
  await ce?.close();
  await cloud?.stop();
});

/** PUTs a new conversation and returns its id. */
async function conversation(context: Record<string, unknown> = {}): Promise<string> {
  const convId = newConvId();
  const res = await client.createConversation(convId, context);
  expect(res.status).toBe(200);
  return convId;
}

/** POSTs an event, expects 200 and a body valid against ce-event-response. */
async function reply(convId: string, event: unknown): Promise<CustomEndpointEventResponseBody> {
  const res = await client.sendEvent(convId, event);
  expect(res.status, res.text).toBe(200);
  expect(res.headers['content-type']).toBe('application/json');
  const result = validate('ce-event-response', res.json());
  expect(result.issues).toEqual([]);
  if (!result.ok) throw new Error('unreachable');
  expect(result.value.analytics.intents).toHaveLength(1);
  expect(result.value.response.filter((item) => item.type === 'ACTION').length).toBeLessThan(2);
  return result.value;
}

/** `TEXT`, `TEXT(private)`, `STRUCTURED_CONTENT`, `DELAY`, `ACTION:<name>`. */
function shape(items: CustomEndpointResponseItem[]): string[] {
  return items.map((item) => {
    if (item.type === 'ACTION') return `ACTION:${item.data.name}`;
    if (item.type === 'TEXT' && item.data.messageAudience === 'AGENTS_AND_MANAGERS') {
      return 'TEXT(private)';
    }
    return item.type;
  });
}

const errorBody = (text: string) => {
  const body = JSON.parse(text) as unknown;
  expect(body).toEqual({ error: expect.any(String) });
  return body as { error: string };
};

describe('E1 GET …/environments', () => {
  it('CE-STATE-04 CE-STATE-05 lists the environments, draft included', async () => {
    const res = await client.call('GET', client.environmentsPath());
    expect(res.status).toBe(200);
    expect(validate('ce-environments', res.json()).issues).toEqual([]);
    expect(res.json()).toEqual(['draft', 'production']);
  });

  it('CE-STATE-04 answers 404 for an unknown bot', async () => {
    const res = await client.call('GET', client.environmentsPath('no-such-bot'));
    expect(res.status).toBe(404);
    expect(errorBody(res.text).error).toBe('bot not found');
  });
});

describe('E2 GET …/state', () => {
  it('CE-STATE-01 CE-STATE-02 reports online with a semver version', async () => {
    const res = await client.call('GET', client.statePath());
    expect(res.status).toBe(200);
    expect(validate('ce-bot-state', res.json()).issues).toEqual([]);
    expect(res.json()).toEqual({ state: 'online', version: '1.0.0' });
  });

  it('CE-STATE-03 answers 404 for an unknown bot and an unknown environment', async () => {
    expect((await client.call('GET', client.statePath('draft', 'no-such-bot'))).status).toBe(404);
    const res = await client.call('GET', client.statePath('staging'));
    expect(res.status).toBe(404);
    expect(errorBody(res.text).error).toBe('environment not found');
  });

  it('serves every configured environment', async () => {
    expect((await client.call('GET', client.statePath('production'))).status).toBe(200);
  });
});

describe('E3 PUT …/conversations/{convId}', () => {
  it('CE-CONV-01 answers 200 with an empty body on create, CE-CONV-04 409 on a repeat', async () => {
    const convId = newConvId();
    const created = await client.createConversation(convId);
    expect(created.status).toBe(200);
    expect(created.text).toBe('');
    const repeated = await client.createConversation(convId);
    expect(repeated.status).toBe(409);
    expect(errorBody(repeated.text).error).toBe('conversation already exists');
    await reply(convId, textEvent('hello'));
  });

  it('CE-CONV-02 CE-CONV-03 accepts sdes, number ids, CHAT and unknown keys', async () => {
    const convId = newConvId();
    const res = await client.call('PUT', client.conversationPath(convId), {
      body: {
        sdes: {
          authenticatedSdes: { customerInfo: { customerId: 'c1' } },
          unauthenticatedSdes: { personalInfo: { name: 'Ann' } },
        },
        context: {
          type: 'CHAT',
          skillId: 1234567,
          engagementId: '98765',
          campaignId: 4242,
          contextType: 1,
          assignedAgentId: '12345678.abcd',
          visitor: { sharkVisitorId: 'v1', language: 'en-US' },
          somethingNew: { nested: true },
        },
        anotherTopLevelKey: 1,
      },
    });
    expect(res.status).toBe(200);
  });

  it('CE-CONV-06 answers 404 for an unknown bot or environment', async () => {
    const convId = newConvId();
    expect((await client.createConversation(convId, {}, { botId: 'no-such-bot' })).status).toBe(
      404,
    );
    expect((await client.createConversation(convId, {}, { environment: 'staging' })).status).toBe(
      404,
    );
  });

  it.each([
    ['invalid JSON', '{"context":'],
    ['a non-object body', '[]'],
    ['a missing context', '{}'],
    ['an unknown conversation type', JSON.stringify(conversationBody({ type: 'VOICE' }))],
    ['a non-numeric skillId', JSON.stringify(conversationBody({ skillId: 'abc' }))],
  ])('answers 400 for %s', async (_name, rawBody) => {
    const res = await client.call('PUT', client.conversationPath(newConvId()), { rawBody });
    expect(res.status).toBe(400);
    errorBody(res.text);
  });
});

describe('E4 POST …/conversations/{convId}/events', () => {
  it('CE-EVENT-01 answers 404 for a conversation never created', async () => {
    const res = await client.sendEvent(newConvId(), textEvent('hello'));
    expect(res.status).toBe(404);
    expect(errorBody(res.text).error).toBe('conversation not found');
  });

  it('CE-EVENT-01 answers 404 for an unknown bot or environment', async () => {
    const convId = await conversation();
    expect((await client.sendEvent(convId, textEvent('hi'), { botId: 'other-bot' })).status).toBe(
      404,
    );
    expect(
      (await client.sendEvent(convId, textEvent('hi'), { environment: 'staging' })).status,
    ).toBe(404);
  });

  it('CE-CONV-07 scopes conversations per environment', async () => {
    const convId = await conversation();
    const res = await client.sendEvent(convId, textEvent('hello'), { environment: 'production' });
    expect(res.status).toBe(404);
  });

  it('CE-CONV-05 keeps answering 200 for the conversation', async () => {
    const convId = await conversation();
    for (const message of ['one', 'two', 'three']) await reply(convId, textEvent(message));
  });

  it.each([
    ['invalid JSON', '{"type":"TEXT"'],
    ['a missing context', JSON.stringify({ type: 'TEXT', data: { message: 'hi' } })],
    ['a missing lpEvent', JSON.stringify({ type: 'TEXT', data: { message: 'hi' }, context: {} })],
    ['a TEXT without data.message', JSON.stringify({ ...textEvent('x'), data: {} })],
    ['an unknown type', JSON.stringify({ ...textEvent('x'), type: 'TYPING' })],
    ['a RICH_CONTENT without content', JSON.stringify({ ...textEvent('x'), type: 'RICH_CONTENT' })],
  ])('CE-EVENT-08 answers 400 for %s', async (_name, rawBody) => {
    const convId = await conversation();
    const res = await client.call('POST', client.eventsPath(convId), { rawBody });
    expect(res.status).toBe(400);
    errorBody(res.text);
  });

  it('CE-EVENT-07 ignores unknown keys, a missing source and the chat lpEvent shape', async () => {
    const convId = await conversation({ type: 'CHAT' });
    const event = textEvent('Hello there', {
      '@id': '4',
      '@type': 'line',
      text: 'Hello there',
      chatSessionKey: 'H123',
      isWelcomeEvent: false,
    });
    delete event.source;
    const body = await reply(convId, { ...event, extra: { anything: 1 } });
    expect(body.response).toEqual([{ type: 'TEXT', data: { message: 'You said: Hello there' } }]);
  });
});

describe('routing and transport', () => {
  it('answers 405 with Allow for a wrong method and 404 for an unknown path', async () => {
    const wrong = await client.call('DELETE', client.statePath());
    expect(wrong.status).toBe(405);
    expect(wrong.headers.allow).toBe('GET');
    expect((await client.call('GET', '/v2/bots/x/environments')).status).toBe(404);
    expect((await client.call('GET', '/')).status).toBe(404);
  });

  it('CE-AUTH-01 CE-AUTH-02 accepts a token from the Sentinel token endpoint on every route, many times', async () => {
    const agent = new Agent({ connect: { ca: cloud.certificates.caCertPem } });
    const tokenResponse = await request(cloud.urls.tokenUrl, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: cloud.app.clientId,
        client_secret: cloud.app.clientSecret,
        grant_type: 'client_credentials',
      }).toString(),
    });
    const { access_token: token } = (await tokenResponse.body.json()) as { access_token: string };
    await agent.close();
    const convId = newConvId();
    expect((await client.call('GET', client.environmentsPath(), { token })).status).toBe(200);
    expect((await client.call('GET', client.statePath(), { token })).status).toBe(200);
    expect((await client.createConversation(convId, {}, { token })).status).toBe(200);
    for (let i = 0; i < 5; i += 1) {
      expect((await client.sendEvent(convId, textEvent(`m${i}`), { token })).status).toBe(200);
    }
  });
});

describe('replies by the consumer words', () => {
  const messagingExpectations: Record<keyof typeof exampleUtterances, string[]> = {
    transfer: ['TEXT', 'ACTION:TRANSFER'],
    close: ['TEXT', 'ACTION:CLOSE_CONVERSATION'],
    ttr: ['TEXT', 'ACTION:CHANGE_TTR'],
    'structured-content': ['STRUCTURED_CONTENT'],
    'quick-replies': ['STRUCTURED_CONTENT'],
    delay: ['DELAY', 'TEXT'],
    'private-text': ['TEXT(private)', 'TEXT'],
    'invoke-function': ['TEXT', 'ACTION:INVOKE_FUNCTION'],
    'encoded-metadata': ['TEXT'],
    fallback: ['TEXT'],
  };
  const chatExpectations: Partial<Record<keyof typeof exampleUtterances, string[]>> = {
    ttr: ['TEXT'],
    'quick-replies': ['TEXT'],
  };

  it.each(Object.entries(exampleUtterances))(
    'answers the %s utterance in messaging and chat',
    async (key, sentence) => {
      const name = key as keyof typeof exampleUtterances;
      const messaging = await reply(await conversation(), textEvent(sentence));
      expect(shape(messaging.response)).toEqual(messagingExpectations[name]);
      expect(messaging.analytics.intents?.[0]?.id).toBe(key);
      const chat = await reply(await conversation({ type: 'CHAT' }), textEvent(sentence));
      expect(shape(chat.response)).toEqual(chatExpectations[name] ?? messagingExpectations[name]);
      if (name !== 'encoded-metadata') return;
      expect(messaging.response[0]).toEqual({
        type: 'TEXT',
        data: { message: expect.any(String), encodedMetadata: exampleEncodedMetadata },
      });
      expect(chat.response[0]).toEqual({ type: 'TEXT', data: { message: expect.any(String) } });
    },
  );

  it('matches words case-insensitively and puts the action parameters the table says', async () => {
    const convId = await conversation();
    const [, transfer] = (await reply(convId, textEvent('TRANSFER please'))).response;
    expect(transfer).toEqual({
      type: 'ACTION',
      data: { name: 'TRANSFER', parameters: { skillName: 'human' } },
    });
    const [, close] = (await reply(convId, textEvent('close it'))).response;
    expect(close).toEqual({ type: 'ACTION', data: { name: 'CLOSE_CONVERSATION', parameters: {} } });
    const [, noSurvey] = (await reply(convId, textEvent('Close without survey'))).response;
    expect(noSurvey).toEqual({
      type: 'ACTION',
      data: { name: 'CLOSE_CONVERSATION', parameters: { withoutPcs: true } },
    });
    const [, ttr] = (await reply(convId, textEvent('urgent!'))).response;
    expect(ttr).toEqual({
      type: 'ACTION',
      data: { name: 'CHANGE_TTR', parameters: { ttrType: 'URGENT' } },
    });
    const [delay] = (await reply(convId, textEvent('wait'))).response;
    expect(delay).toEqual({ type: 'DELAY', data: { seconds: 1, typing: true } });
    const [, invoke] = (await reply(convId, textEvent('function'))).response;
    expect(invoke).toEqual({
      type: 'ACTION',
      data: {
        name: 'INVOKE_FUNCTION',
        parameters: {
          lambdaUuid: exampleLambdaUuid,
          payload: { convId, reason: 'example' },
          failOnError: false,
        },
      },
    });
  });

  it('BOT-SC-06 BOT-SC-09 sends a vertical card with an https image, a button and ExternalId metadata', async () => {
    const [item] = (await reply(await conversation(), textEvent('card'))).response;
    if (item?.type !== 'STRUCTURED_CONTENT') throw new Error(`expected structured content`);
    const { structuredContent, metadata } = item.data;
    expect(structuredContent.type).toBe('vertical');
    const elements = structuredContent.elements as Array<Record<string, unknown>>;
    const image = elements.find((element) => element.type === 'image');
    expect(new URL(String(image?.url)).protocol).toBe('https:');
    expect(new URL(String(image?.url)).host).toBe(exampleImageHost);
    expect(elements.some((element) => element.type === 'button')).toBe(true);
    expect(metadata).toEqual([{ type: 'ExternalId', id: expect.any(String) }]);
  });

  it('BOT-SC-04 sends the quick-replies wrapper in messaging only', async () => {
    const [item] = (await reply(await conversation(), textEvent('options'))).response;
    expect(item).toMatchObject({
      type: 'STRUCTURED_CONTENT',
      data: {
        structuredContent: {
          message: expect.any(String),
          quickReplies: { type: 'quickReplies', itemsPerRow: 8, replies: expect.any(Array) },
        },
      },
    });
  });

  it('BOT-SC-10 sends short, valid base64 encodedMetadata', () => {
    expect(exampleEncodedMetadata.length).toBeLessThanOrEqual(5000);
    const decoded = Buffer.from(exampleEncodedMetadata, 'base64');
    expect(decoded.toString('base64')).toBe(exampleEncodedMetadata);
  });

  it('CE-EVENT-05 welcomes on START, with and without lastConsumerMessage', async () => {
    const convId = await conversation();
    const plain = await reply(convId, startEvent());
    expect(plain.response).toEqual([
      { type: 'TEXT', data: { message: 'Welcome! How can I help?' } },
    ]);
    const withLast = await reply(convId, startEvent('my order is late'));
    expect(withLast.response).toEqual([
      { type: 'TEXT', data: { message: 'Welcome! You said: "my order is late". How can I help?' } },
    ]);
  });

  it('CE-EVENT-04 acknowledges RICH_CONTENT and the send-file identifier', async () => {
    const convId = await conversation();
    const content = { type: 'vertical', elements: [{ type: 'map', la: 1, lo: 2, alt: 'here' }] };
    const rich = await reply(convId, {
      type: 'RICH_CONTENT',
      source: 'CONSUMER',
      data: { content },
      context: { lpEvent: messagingLpEvent({ event: { type: 'RichContentEvent', content } }) },
    });
    expect(rich.response).toEqual([
      { type: 'TEXT', data: { message: 'Thanks, I received your vertical content.' } },
    ]);
    const file = await reply(convId, textEvent(sendFileIdentifier));
    expect(file.response).toEqual([
      { type: 'TEXT', data: { message: 'Thanks, I received your file.' } },
    ]);
  });

  it.each([
    ['CONVERSATION STARTED', { type: 'CONVERSATION', data: { name: 'STARTED' } }],
    ['CONVERSATION CLOSED', { type: 'CONVERSATION', data: { name: 'CLOSED' } }],
    ['hosted-file', { type: 'hosted-file', data: { relativePath: '/a/b.png', fileType: 'PNG' } }],
    ['CLOSE_CONVERSATION', { type: 'CLOSE_CONVERSATION', data: {} }],
  ])('CE-EVENT-06 answers %s with 200 and a short text', async (_name, event) => {
    const body = await reply(await conversation(), {
      ...event,
      source: 'CONVERSATION',
      context: { lpEvent: messagingLpEvent() },
    });
    expect(shape(body.response)).toEqual(['TEXT']);
  });

  it('BOT-REPLY-11 never sends an empty text, even for an empty message', async () => {
    const body = await reply(await conversation(), textEvent('   '));
    expect(body.response).toEqual([
      { type: 'TEXT', data: { message: 'Sorry, I did not catch that.' } },
    ]);
  });
});
