/**
 * tpb-platform.md §3.1 (Custom Endpoint output → neutral model) and custom-endpoint.md §6.3,
 * §10 (variants D13-D17): one case per mapping row and per documented variant.
 */
import { describe, expect, it } from 'vitest';
import { customEndpointInvalidResponse } from '../platform/error-codes.ts';
import type { NeutralReply } from './neutral-reply.ts';
import { parseCustomEndpointReply } from './reply-parse-custom-endpoint.ts';

const analytics = {
  intents: [{ id: 'billing_pay', description: 'Pay a bill', confidenceScore: 0.92 }],
};
const intent = { id: 'billing_pay', name: 'Pay a bill', confidenceScore: 0.92 };
const lambdaUuid = '2c1f7a0e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const card = {
  type: 'vertical',
  elements: [
    { type: 'image', url: 'https://example.com/bill.png', tooltip: 'bill' },
    { type: 'text', text: 'Your bill is ready' },
    {
      type: 'button',
      title: 'Pay now',
      click: { actions: [{ type: 'link', name: 'Pay', uri: 'https://example.com/pay' }] },
    },
  ],
};
const quickReplies = {
  type: 'quickReplies',
  itemsPerRow: 8,
  replies: [
    {
      type: 'button',
      tooltip: 'Yes',
      title: 'Yes',
      click: { actions: [{ type: 'publishText', text: 'Yes' }] },
    },
    {
      type: 'button',
      tooltip: 'No',
      title: 'No',
      click: { actions: [{ type: 'publishText', text: 'No' }] },
    },
  ],
};
const externalId = { type: 'ExternalId', id: 'ABCD1234' };

/** A reply body of the given items, with the docs' intent. */
const body = (...response: unknown[]) => ({ response, analytics });
/** The neutral reply expected for `body(...)`: the intent and no warnings unless given. */
const neutral = (reply: { [K in keyof NeutralReply]?: NeutralReply[K] | undefined }) => ({
  items: [],
  actionNames: [],
  warnings: [],
  intent,
  ...reply,
});

interface Row {
  name: string;
  body: unknown;
  reply: ReturnType<typeof neutral>;
}

const mappingRows: Row[] = [
  {
    name: 'TEXT → text',
    body: body({ type: 'TEXT', data: { message: 'Hi, how can I help?' } }),
    reply: neutral({ items: [{ kind: 'text', text: 'Hi, how can I help?' }] }),
  },
  {
    name: 'TEXT with metadata, encodedMetadata and messageAudience ALL → text',
    body: body({
      type: 'TEXT',
      data: {
        message: 'Here you go',
        metadata: [externalId],
        encodedMetadata: 'ewoic29tZSI6ICJtZXRhZGF0YSIKfQ==',
        messageAudience: 'ALL',
      },
    }),
    reply: neutral({
      items: [
        {
          kind: 'text',
          text: 'Here you go',
          metadata: [externalId],
          encodedMetadata: 'ewoic29tZSI6ICJtZXRhZGF0YSIKfQ==',
        },
      ],
    }),
  },
  {
    name: 'TEXT with messageAudience AGENTS_AND_MANAGERS → private',
    body: body({
      type: 'TEXT',
      data: { message: 'Customer asked about billing', messageAudience: 'AGENTS_AND_MANAGERS' },
    }),
    reply: neutral({ items: [{ kind: 'private', text: 'Customer asked about billing' }] }),
  },
  {
    name: 'STRUCTURED_CONTENT → sc',
    body: body({
      type: 'STRUCTURED_CONTENT',
      data: { structuredContent: card, metadata: [externalId] },
    }),
    reply: neutral({ items: [{ kind: 'sc', structuredContent: card, metadata: [externalId] }] }),
  },
  {
    name: 'STRUCTURED_CONTENT {message, quickReplies} → qr',
    body: body({
      type: 'STRUCTURED_CONTENT',
      data: {
        structuredContent: { message: 'Did that help?', quickReplies },
        metadata: [externalId],
        encodedMetadata: 'ZXhhbXBsZQ==',
      },
    }),
    reply: neutral({
      items: [
        {
          kind: 'qr',
          message: 'Did that help?',
          quickReplies,
          metadata: [externalId],
          encodedMetadata: 'ZXhhbXBsZQ==',
        },
      ],
    }),
  },
  {
    name: 'DELAY with typing false → delay',
    body: body({ type: 'DELAY', data: { seconds: 3, typing: false } }),
    reply: neutral({ items: [{ kind: 'delay', seconds: 3, typing: false }] }),
  },
  {
    name: 'DELAY without typing → delay with typing true',
    body: body({ type: 'DELAY', data: { seconds: 1 } }),
    reply: neutral({ items: [{ kind: 'delay', seconds: 1, typing: true }] }),
  },
  {
    name: 'ACTION TRANSFER {skillName} → TRANSFER (skillName → skill)',
    body: body(
      { type: 'TEXT', data: { message: 'Transferring you' } },
      { type: 'ACTION', data: { name: 'TRANSFER', parameters: { skillName: 'billing' } } },
    ),
    reply: neutral({
      items: [{ kind: 'text', text: 'Transferring you' }],
      action: { name: 'TRANSFER', skill: 'billing' },
      actionNames: ['TRANSFER'],
    }),
  },
  {
    name: 'ACTION TRANSFER {skillName, agentId} → TRANSFER to an agent',
    body: body({
      type: 'ACTION',
      data: { name: 'TRANSFER', parameters: { skillName: 'billing', agentId: '1234567890' } },
    }),
    reply: neutral({
      action: { name: 'TRANSFER', skill: 'billing', agentId: '1234567890' },
      actionNames: ['TRANSFER'],
    }),
  },
  {
    name: 'ACTION CLOSE_CONVERSATION without parameters',
    body: body({ type: 'ACTION', data: { name: 'CLOSE_CONVERSATION' } }),
    reply: neutral({
      action: { name: 'CLOSE_CONVERSATION' },
      actionNames: ['CLOSE_CONVERSATION'],
    }),
  },
  {
    name: 'ACTION CLOSE_CONVERSATION with {}',
    body: body({ type: 'ACTION', data: { name: 'CLOSE_CONVERSATION', parameters: {} } }),
    reply: neutral({
      action: { name: 'CLOSE_CONVERSATION' },
      actionNames: ['CLOSE_CONVERSATION'],
    }),
  },
  {
    name: 'ACTION CLOSE_CONVERSATION {withoutPcs: true}',
    body: body({
      type: 'ACTION',
      data: { name: 'CLOSE_CONVERSATION', parameters: { withoutPcs: true } },
    }),
    reply: neutral({
      action: { name: 'CLOSE_CONVERSATION', withoutPcs: true },
      actionNames: ['CLOSE_CONVERSATION'],
    }),
  },
  {
    name: 'ACTION CHANGE_TTR {ttrType: URGENT}',
    body: body({ type: 'ACTION', data: { name: 'CHANGE_TTR', parameters: { ttrType: 'URGENT' } } }),
    reply: neutral({
      action: { name: 'CHANGE_TTR', ttrType: 'URGENT' },
      actionNames: ['CHANGE_TTR'],
    }),
  },
  {
    name: 'ACTION INVOKE_FUNCTION {lambdaUuid, payload, failOnError} → INVOKE',
    body: body({
      type: 'ACTION',
      data: {
        name: 'INVOKE_FUNCTION',
        parameters: { lambdaUuid, payload: { orderId: 'A-17' }, failOnError: true },
      },
    }),
    reply: neutral({
      action: { name: 'INVOKE', lambdaUuid, payload: { orderId: 'A-17' }, failOnError: true },
      actionNames: ['INVOKE_FUNCTION'],
    }),
  },
  {
    name: 'analytics.intents[0] → intent (description → name; later intents ignored)',
    body: {
      response: [{ type: 'TEXT', data: { message: 'Sure' } }],
      analytics: {
        intents: [
          { id: 'order_status', description: 'Order status', confidenceScore: 0.7 },
          { id: 'billing_pay', description: 'Pay a bill', confidenceScore: 0.2 },
        ],
      },
    },
    reply: neutral({
      items: [{ kind: 'text', text: 'Sure' }],
      intent: { id: 'order_status', name: 'Order status', confidenceScore: 0.7 },
    }),
  },
  {
    name: 'items keep their order around the action',
    body: body(
      { type: 'TEXT', data: { message: 'One moment' } },
      { type: 'DELAY', data: { seconds: 2 } },
      { type: 'ACTION', data: { name: 'CLOSE_CONVERSATION' } },
      { type: 'STRUCTURED_CONTENT', data: { structuredContent: card } },
    ),
    reply: neutral({
      items: [
        { kind: 'text', text: 'One moment' },
        { kind: 'delay', seconds: 2, typing: true },
        { kind: 'sc', structuredContent: card },
      ],
      action: { name: 'CLOSE_CONVERSATION' },
      actionNames: ['CLOSE_CONVERSATION'],
    }),
  },
];

const variantRows: Row[] = [
  {
    name: 'D13 TEXT metadata as a single object → array, warning',
    body: body({ type: 'TEXT', data: { message: 'Here you go', metadata: externalId } }),
    reply: neutral({
      items: [{ kind: 'text', text: 'Here you go', metadata: [externalId] }],
      warnings: [
        'BOT-SC-09: /response/0/data/metadata is a single object; an array of metadata objects is preferred.',
      ],
    }),
  },
  {
    name: 'D13 STRUCTURED_CONTENT metadata as a single object → array, warning',
    body: body({
      type: 'STRUCTURED_CONTENT',
      data: { structuredContent: card, metadata: externalId },
    }),
    reply: neutral({
      items: [{ kind: 'sc', structuredContent: card, metadata: [externalId] }],
      warnings: [
        'BOT-SC-09: /response/0/data/metadata is a single object; an array of metadata objects is preferred.',
      ],
    }),
  },
  {
    name: 'D14 TRANSFER agentId without skillName → a transfer to that agent, warning',
    body: body({
      type: 'ACTION',
      data: { name: 'TRANSFER', parameters: { agentId: '1234567890' } },
    }),
    reply: neutral({
      action: { name: 'TRANSFER', agentId: '1234567890' },
      actionNames: ['TRANSFER'],
      warnings: [
        'BOT-REPLY-04: /response/0/data/parameters has an agentId without a skillName; skillName (plus agentId) is preferred.',
      ],
    }),
  },
  {
    name: 'unknown keys at the top, in an item, its data and an action (read tolerantly)',
    body: {
      ...(body(
        { type: 'TEXT', data: { message: 'Hi', lang: 'en' }, id: 7 },
        {
          type: 'ACTION',
          data: { name: 'TRANSFER', parameters: { skillName: 'human', reason: 'asked' } },
        },
      ) as object),
      version: 2,
    },
    reply: neutral({
      items: [{ kind: 'text', text: 'Hi' }],
      action: { name: 'TRANSFER', skill: 'human' },
      actionNames: ['TRANSFER'],
    }),
  },
  {
    name: 'INVOKE_FUNCTION with a lambdaUuid that is not a UUID parses (BOT-REPLY-08 judges it)',
    body: body({
      type: 'ACTION',
      data: { name: 'INVOKE_FUNCTION', parameters: { lambdaUuid: 'my-function', payload: {} } },
    }),
    reply: neutral({
      action: { name: 'INVOKE', lambdaUuid: 'my-function', payload: {} },
      actionNames: ['INVOKE_FUNCTION'],
    }),
  },
  {
    name: 'D15 CHANGE_TTR CUSTOM with value → warning',
    body: body({
      type: 'ACTION',
      data: { name: 'CHANGE_TTR', parameters: { ttrType: 'CUSTOM', value: 120 } },
    }),
    reply: neutral({
      action: { name: 'CHANGE_TTR', ttrType: 'CUSTOM', value: 120 },
      actionNames: ['CHANGE_TTR'],
      warnings: [
        'BOT-REPLY-07: /response/0/data/parameters/ttrType "CUSTOM" is a legacy variant; URGENT, NORMAL or PRIORITIZED is preferred.',
      ],
    }),
  },
  {
    name: 'D16 INVOKE_FUNCTION without payload → warning',
    body: body({ type: 'ACTION', data: { name: 'INVOKE_FUNCTION', parameters: { lambdaUuid } } }),
    reply: neutral({
      action: { name: 'INVOKE', lambdaUuid },
      actionNames: ['INVOKE_FUNCTION'],
      warnings: [
        'BOT-REPLY-08: /response/0/data/parameters has no payload; an object payload is preferred.',
      ],
    }),
  },
  {
    name: 'INVOKE_FUNCTION with a JSON-string payload → kept as is, warning',
    body: body({
      type: 'ACTION',
      data: { name: 'INVOKE_FUNCTION', parameters: { lambdaUuid, payload: '{"orderId":"A-17"}' } },
    }),
    reply: neutral({
      action: { name: 'INVOKE', lambdaUuid, payload: '{"orderId":"A-17"}' },
      actionNames: ['INVOKE_FUNCTION'],
      warnings: [
        'BOT-REPLY-08: /response/0/data/parameters/payload is a JSON string; an object is preferred.',
      ],
    }),
  },
  {
    name: 'D17 analytics without intents → no intent, warning',
    body: { response: [{ type: 'TEXT', data: { message: 'Hi' } }], analytics: {} },
    reply: neutral({
      items: [{ kind: 'text', text: 'Hi' }],
      intent: undefined,
      warnings: [
        'BOT-REPLY-13: /analytics/intents is missing or empty; replies should carry intent info.',
      ],
    }),
  },
  {
    name: 'D17 analytics with an empty intents array → no intent, warning',
    body: { response: [{ type: 'TEXT', data: { message: 'Hi' } }], analytics: { intents: [] } },
    reply: neutral({
      items: [{ kind: 'text', text: 'Hi' }],
      intent: undefined,
      warnings: [
        'BOT-REPLY-13: /analytics/intents is missing or empty; replies should carry intent info.',
      ],
    }),
  },
  {
    name: 'analytics missing altogether → no intent, warning (the reply still parses)',
    body: { response: [{ type: 'TEXT', data: { message: 'Hi' } }] },
    reply: neutral({
      items: [{ kind: 'text', text: 'Hi' }],
      intent: undefined,
      warnings: [
        'BOT-REPLY-12: /analytics: expected required property "analytics", got missing; the intent info was ignored.',
      ],
    }),
  },
  {
    name: 'malformed intent (id with whitespace, score > 1) → no intent, one warning per issue',
    body: {
      response: [{ type: 'TEXT', data: { message: 'Hi' } }],
      analytics: { intents: [{ id: 'pay bill', description: 'Pay', confidenceScore: 1.5 }] },
    },
    reply: neutral({
      items: [{ kind: 'text', text: 'Hi' }],
      intent: undefined,
      warnings: [
        'BOT-REPLY-12: /analytics/intents/0/id: expected a string matching /^[^\\s]*$/, got "pay bill"; the intent info was ignored.',
        'BOT-REPLY-12: /analytics/intents/0/confidenceScore: expected a number <= 1, got 1.5; the intent info was ignored.',
      ],
    }),
  },
  {
    name: 'private text with metadata → private, metadata ignored with a warning',
    body: body({
      type: 'TEXT',
      data: {
        message: 'VIP customer',
        messageAudience: 'AGENTS_AND_MANAGERS',
        metadata: [externalId],
      },
    }),
    reply: neutral({
      items: [{ kind: 'private', text: 'VIP customer' }],
      warnings: ['/response/0/data: metadata and encodedMetadata of a private text are ignored.'],
    }),
  },
  {
    name: 'a structured content with message but no quickReplies object stays sc',
    body: body({
      type: 'STRUCTURED_CONTENT',
      data: { structuredContent: { message: 'Pick one', quickReplies: 'yes,no' } },
    }),
    reply: neutral({
      items: [{ kind: 'sc', structuredContent: { message: 'Pick one', quickReplies: 'yes,no' } }],
    }),
  },
];

// Verification outcomes, not parse failures (tpb-platform.md §2.3, BOT-REPLY-02/03).
const outcomeRows: Row[] = [
  {
    name: 'unsupported action name beside a message → recorded, no action',
    body: body(
      { type: 'TEXT', data: { message: 'Let me escalate' } },
      { type: 'ACTION', data: { name: 'ESCALATE', parameters: { queue: 'vip', level: 2 } } },
    ),
    reply: neutral({
      items: [{ kind: 'text', text: 'Let me escalate' }],
      actionNames: ['ESCALATE'],
    }),
  },
  {
    name: 'action name in the wrong case → unsupported',
    body: body({
      type: 'ACTION',
      data: { name: 'transfer', parameters: { skillName: 'billing' } },
    }),
    reply: neutral({ actionNames: ['transfer'] }),
  },
  {
    name: 'faas action name INVOCATION → unsupported for a Custom Endpoint',
    body: body({ type: 'ACTION', data: { name: 'INVOCATION', parameters: { lambdaUuid } } }),
    reply: neutral({ actionNames: ['INVOCATION'] }),
  },
  {
    name: 'two ACTION items → both names recorded, no action',
    body: body(
      { type: 'TEXT', data: { message: 'Bye' } },
      { type: 'ACTION', data: { name: 'TRANSFER', parameters: { skillName: 'billing' } } },
      { type: 'ACTION', data: { name: 'CLOSE_CONVERSATION' } },
    ),
    reply: neutral({
      items: [{ kind: 'text', text: 'Bye' }],
      actionNames: ['TRANSFER', 'CLOSE_CONVERSATION'],
    }),
  },
  {
    name: 'a supported and an unsupported ACTION → both names recorded, no action',
    body: body(
      { type: 'ACTION', data: { name: 'ESCALATE' } },
      { type: 'ACTION', data: { name: 'CLOSE_CONVERSATION' } },
    ),
    reply: neutral({ actionNames: ['ESCALATE', 'CLOSE_CONVERSATION'] }),
  },
  {
    name: 'empty response → no items (verification decides)',
    body: body(),
    reply: neutral({}),
  },
];

describe('parseCustomEndpointReply: §3.1 mapping', () => {
  it.each(mappingRows)('$name', ({ body, reply }) => {
    expect(parseCustomEndpointReply(body)).toEqual({ ok: true, reply });
  });
});

describe('parseCustomEndpointReply: documented variants (custom-endpoint.md §10)', () => {
  it.each(variantRows)('$name', ({ body, reply }) => {
    expect(parseCustomEndpointReply(body)).toEqual({ ok: true, reply });
  });
});

describe('parseCustomEndpointReply: verification outcomes parse', () => {
  it.each(outcomeRows)('$name', ({ body, reply }) => {
    expect(parseCustomEndpointReply(body)).toEqual({ ok: true, reply });
  });
});

describe('parseCustomEndpointReply: not the documented shape', () => {
  const rows: Array<{ name: string; body: unknown; path: string; keyword: string }> = [
    { name: 'a string', body: 'Hi!', path: '', keyword: 'type' },
    {
      name: 'an array',
      body: [{ type: 'TEXT', data: { message: 'Hi' } }],
      path: '',
      keyword: 'type',
    },
    { name: 'null', body: null, path: '', keyword: 'type' },
    { name: 'no response', body: { analytics }, path: '/response', keyword: 'required' },
    {
      name: 'response not an array',
      body: { response: { type: 'TEXT', data: { message: 'Hi' } }, analytics },
      path: '/response',
      keyword: 'type',
    },
    {
      name: 'an item type in the wrong case',
      body: body({ type: 'text', data: { message: 'Hi' } }),
      path: '/response/0/type',
      keyword: 'discriminator',
    },
    {
      name: 'a TEXT without message',
      body: body({ type: 'TEXT', data: { text: 'Hi' } }),
      path: '/response/0/data/message',
      keyword: 'required',
    },
    {
      name: 'an ACTION without a name',
      body: body({ type: 'ACTION', data: { parameters: { skillName: 'billing' } } }),
      path: '/response/0/data/name',
      keyword: 'required',
    },
    {
      name: 'a TRANSFER without parameters',
      body: body({ type: 'ACTION', data: { name: 'TRANSFER' } }),
      path: '/response/0/data/parameters',
      keyword: 'required',
    },
    {
      name: 'a DELAY of 0 seconds',
      body: body({ type: 'DELAY', data: { seconds: 0 } }),
      path: '/response/0/data/seconds',
      keyword: 'minimum',
    },
    {
      name: 'a structured content that is not an object',
      body: body({ type: 'STRUCTURED_CONTENT', data: { structuredContent: '<card/>' } }),
      path: '/response/0/data/structuredContent',
      keyword: 'type',
    },
  ];

  it.each(rows)('$name → invalid-response', ({ body, path, keyword }) => {
    const result = parseCustomEndpointReply(body);
    expect(result).toMatchObject({ ok: false, code: customEndpointInvalidResponse });
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ path, keyword });
    expect(result.detail).toMatch(/^Failed to parse the Custom Endpoint reply: /);
  });

  it('issue paths point into the body as sent, even after a dropped unsupported action', () => {
    const result = parseCustomEndpointReply(
      body(
        { type: 'ACTION', data: { name: 'ESCALATE' } },
        { type: 'TEXT', data: { message: 'Hi', messageAudience: 'EVERYONE' } },
      ),
    );
    expect(result).toEqual({
      ok: false,
      code: customEndpointInvalidResponse,
      detail:
        'Failed to parse the Custom Endpoint reply: /response/1/data/messageAudience: expected one of "ALL", "AGENTS_AND_MANAGERS", got "EVERYONE". Return {response: [...], analytics: {intents: [...]}} as in custom-endpoint.md §6.3.',
      issues: [
        {
          path: '/response/1/data/messageAudience',
          keyword: 'enum',
          expected: 'one of "ALL", "AGENTS_AND_MANAGERS"',
          actual: '"EVERYONE"',
          message:
            '/response/1/data/messageAudience: expected one of "ALL", "AGENTS_AND_MANAGERS", got "EVERYONE"',
        },
      ],
    });
  });
});
