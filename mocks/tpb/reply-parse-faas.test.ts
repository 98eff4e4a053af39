/**
 * tpb-platform.md §3.2 Output (function callback → neutral model), §2.4 (encodedMetadata), and
 * rules FAAS-04, FAAS-05, FAAS-07: one case per output row and per documented variant.
 */
import { describe, expect, it } from 'vitest';
import { faasInvalidResponse, faasMissingResponseBody } from '../platform/error-codes.ts';
import type { NeutralReply } from './neutral-reply.ts';
import { parseFaasReply } from './reply-parse-faas.ts';

const intentContext = {
  intentId: 'order-status',
  intentName: 'Order status',
  confidenceScore: 0.85,
};
const intent = { id: 'order-status', name: 'Order status', confidenceScore: 0.85 };
const lambdaUuid = '7d3c2b1a-0f9e-4d8c-b7a6-5e4d3c2b1a09';
const card = {
  type: 'vertical',
  elements: [
    { type: 'text', text: 'Your order ships tomorrow' },
    {
      type: 'button',
      title: 'Track',
      click: { actions: [{ type: 'link', name: 'Track', uri: 'https://example.com/track' }] },
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
  ],
};
const externalId = { type: 'ExternalId', id: 'ORDER-17' };
const encoded = 'eyJvcmRlciI6IjE3In0=';

/** An output with the given messages and context, plus the intent info. */
const output = (messages: unknown[], context: Record<string, unknown> = {}) => ({
  messages,
  context: { ...intentContext, ...context },
});
/** The neutral reply expected for `output(...)`: the intent and no warnings unless given. */
const neutral = (reply: { [K in keyof NeutralReply]?: NeutralReply[K] | undefined }) => ({
  items: [],
  actionNames: [],
  warnings: [],
  intent,
  ...reply,
});

interface Row {
  name: string;
  output: unknown;
  reply: ReturnType<typeof neutral>;
}

const mappingRows: Row[] = [
  {
    name: 'a string message → text',
    output: output(['Hi! How can I help?']),
    reply: neutral({ items: [{ kind: 'text', text: 'Hi! How can I help?' }] }),
  },
  {
    name: '{structuredContent, metadata, encodedMetadata} → sc',
    output: output([{ structuredContent: card, metadata: [externalId], encodedMetadata: encoded }]),
    reply: neutral({
      items: [
        { kind: 'sc', structuredContent: card, metadata: [externalId], encodedMetadata: encoded },
      ],
    }),
  },
  {
    name: '{structuredContent: {message, quickReplies}} → qr',
    output: output([{ structuredContent: { message: 'Anything else?', quickReplies } }]),
    reply: neutral({ items: [{ kind: 'qr', message: 'Anything else?', quickReplies }] }),
  },
  {
    name: '{delay, typing: false} → delay',
    output: output([{ delay: 2, typing: false }]),
    reply: neutral({ items: [{ kind: 'delay', seconds: 2, typing: false }] }),
  },
  {
    name: '{delay} → delay with typing true',
    output: output([{ delay: 5 }]),
    reply: neutral({ items: [{ kind: 'delay', seconds: 5, typing: true }] }),
  },
  {
    name: '{text, messageAudience: AGENTS_AND_MANAGERS} → private',
    output: output([{ text: 'Customer is a VIP', messageAudience: 'AGENTS_AND_MANAGERS' }]),
    reply: neutral({ items: [{ kind: 'private', text: 'Customer is a VIP' }] }),
  },
  {
    name: 'context.action TRANSFER {skill} → TRANSFER',
    output: output(['Transferring you to billing'], {
      action: 'TRANSFER',
      actionParameters: { skill: 'billing' },
    }),
    reply: neutral({
      items: [{ kind: 'text', text: 'Transferring you to billing' }],
      action: { name: 'TRANSFER', skill: 'billing' },
      actionNames: ['TRANSFER'],
    }),
  },
  {
    name: 'context.action TRANSFER {skill, agentId} → TRANSFER to an agent',
    output: output([], {
      action: 'TRANSFER',
      actionParameters: { skill: 'billing', agentId: '1234567890' },
    }),
    reply: neutral({
      action: { name: 'TRANSFER', skill: 'billing', agentId: '1234567890' },
      actionNames: ['TRANSFER'],
    }),
  },
  {
    name: 'context.action CLOSE_CONVERSATION without parameters',
    output: output(['Bye!'], { action: 'CLOSE_CONVERSATION' }),
    reply: neutral({
      items: [{ kind: 'text', text: 'Bye!' }],
      action: { name: 'CLOSE_CONVERSATION' },
      actionNames: ['CLOSE_CONVERSATION'],
    }),
  },
  {
    name: 'context.action CLOSE_CONVERSATION {withoutPcs: true}',
    output: output([], { action: 'CLOSE_CONVERSATION', actionParameters: { withoutPcs: true } }),
    reply: neutral({
      action: { name: 'CLOSE_CONVERSATION', withoutPcs: true },
      actionNames: ['CLOSE_CONVERSATION'],
    }),
  },
  {
    name: 'context.action CHANGE_TTR {ttrType: PRIORITIZED}',
    output: output([], { action: 'CHANGE_TTR', actionParameters: { ttrType: 'PRIORITIZED' } }),
    reply: neutral({
      action: { name: 'CHANGE_TTR', ttrType: 'PRIORITIZED' },
      actionNames: ['CHANGE_TTR'],
    }),
  },
  {
    name: 'context.action INVOCATION {lambdaUuid, payload, failOnError} → INVOKE',
    output: output(['Checking…'], {
      action: 'INVOCATION',
      actionParameters: { lambdaUuid, payload: { orderId: '17' }, failOnError: false },
    }),
    reply: neutral({
      items: [{ kind: 'text', text: 'Checking…' }],
      action: { name: 'INVOKE', lambdaUuid, payload: { orderId: '17' }, failOnError: false },
      actionNames: ['INVOCATION'],
    }),
  },
  {
    name: 'intentId + confidenceScore without intentName → intent without name',
    output: { messages: ['Hi'], context: { intentId: 'greeting', confidenceScore: 1 } },
    reply: neutral({
      items: [{ kind: 'text', text: 'Hi' }],
      intent: { id: 'greeting', confidenceScore: 1 },
    }),
  },
  {
    name: 'context.encodedMetadata applies to text, sc and qr, not to delay or private',
    output: output(
      [
        'Here is your order',
        { delay: 1 },
        { structuredContent: card },
        { structuredContent: { message: 'More?', quickReplies } },
        { text: 'note', messageAudience: 'AGENTS_AND_MANAGERS' },
      ],
      { encodedMetadata: encoded },
    ),
    reply: neutral({
      items: [
        { kind: 'text', text: 'Here is your order', encodedMetadata: encoded },
        { kind: 'delay', seconds: 1, typing: true },
        { kind: 'sc', structuredContent: card, encodedMetadata: encoded },
        { kind: 'qr', message: 'More?', quickReplies, encodedMetadata: encoded },
        { kind: 'private', text: 'note' },
      ],
    }),
  },
  {
    name: "a structured-content message's own encodedMetadata overrides context.encodedMetadata",
    output: output(['Text', { structuredContent: card, encodedMetadata: 'b3du' }], {
      encodedMetadata: encoded,
    }),
    reply: neutral({
      items: [
        { kind: 'text', text: 'Text', encodedMetadata: encoded },
        { kind: 'sc', structuredContent: card, encodedMetadata: 'b3du' },
      ],
    }),
  },
  {
    name: 'no messages key and an action only',
    output: { context: { ...intentContext, action: 'CLOSE_CONVERSATION' } },
    reply: neutral({
      action: { name: 'CLOSE_CONVERSATION' },
      actionNames: ['CLOSE_CONVERSATION'],
    }),
  },
];

const variantRows: Row[] = [
  {
    name: 'FAAS-07 legacy context.structuredContent + context.metadata → sc after all messages',
    output: output(['First', { delay: 1 }], {
      structuredContent: card,
      metadata: [externalId],
      encodedMetadata: encoded,
    }),
    reply: neutral({
      items: [
        { kind: 'text', text: 'First', encodedMetadata: encoded },
        { kind: 'delay', seconds: 1, typing: true },
        { kind: 'sc', structuredContent: card, metadata: [externalId], encodedMetadata: encoded },
      ],
      warnings: [
        'FAAS-07: /context/structuredContent is a legacy single structured content, rendered after all messages; put it in messages instead.',
      ],
    }),
  },
  {
    name: 'FAAS-07 legacy quick replies in context.structuredContent → qr',
    output: output([], { structuredContent: { message: 'Pick one', quickReplies } }),
    reply: neutral({
      items: [{ kind: 'qr', message: 'Pick one', quickReplies }],
      warnings: [
        'FAAS-07: /context/structuredContent is a legacy single structured content, rendered after all messages; put it in messages instead.',
      ],
    }),
  },
  {
    name: 'context.metadata without context.structuredContent → ignored, warning',
    output: output(['Hi'], { metadata: [externalId] }),
    reply: neutral({
      items: [{ kind: 'text', text: 'Hi' }],
      warnings: [
        'FAAS-07: /context/metadata without /context/structuredContent is ignored; put metadata on a structured-content message.',
      ],
    }),
  },
  {
    name: 'metadata as a single object → array, warning',
    output: output([{ structuredContent: card, metadata: externalId }]),
    reply: neutral({
      items: [{ kind: 'sc', structuredContent: card, metadata: [externalId] }],
      warnings: [
        'BOT-SC-09: /messages/0/metadata is a single object; an array of metadata objects is preferred.',
      ],
    }),
  },
  {
    name: 'CHANGE_TTR CUSTOM with a legacy value → warning',
    output: output([], {
      action: 'CHANGE_TTR',
      actionParameters: { ttrType: 'CUSTOM', value: '300' },
    }),
    reply: neutral({
      action: { name: 'CHANGE_TTR', ttrType: 'CUSTOM', value: '300' },
      actionNames: ['CHANGE_TTR'],
      warnings: [
        'BOT-REPLY-07: /context/actionParameters/ttrType "CUSTOM" is a legacy variant; URGENT, NORMAL or PRIORITIZED is preferred.',
      ],
    }),
  },
  {
    name: 'INVOCATION without payload → warning',
    output: output([], { action: 'INVOCATION', actionParameters: { lambdaUuid } }),
    reply: neutral({
      action: { name: 'INVOKE', lambdaUuid },
      actionNames: ['INVOCATION'],
      warnings: [
        'BOT-REPLY-08: /context/actionParameters has no payload; an object payload is preferred.',
      ],
    }),
  },
  {
    name: 'INVOCATION with a JSON-string payload (docs) → kept as is, warning',
    output: output([], {
      action: 'INVOCATION',
      actionParameters: { lambdaUuid, payload: '{"orderId":"17"}', failOnError: true },
    }),
    reply: neutral({
      action: { name: 'INVOKE', lambdaUuid, payload: '{"orderId":"17"}', failOnError: true },
      actionNames: ['INVOCATION'],
      warnings: [
        'BOT-REPLY-08: /context/actionParameters/payload is a JSON string; an object is preferred.',
      ],
    }),
  },
  {
    name: 'INVOCATION with a number payload → kept as is, warning',
    output: output([], { action: 'INVOCATION', actionParameters: { lambdaUuid, payload: 17 } }),
    reply: neutral({
      action: { name: 'INVOKE', lambdaUuid, payload: 17 },
      actionNames: ['INVOCATION'],
      warnings: [
        'BOT-REPLY-08: /context/actionParameters/payload is not an object; an object is preferred.',
      ],
    }),
  },
  {
    name: 'no intent info → no intent, warning',
    output: { messages: ['Hi'] },
    reply: neutral({
      items: [{ kind: 'text', text: 'Hi' }],
      intent: undefined,
      warnings: [
        'BOT-REPLY-13: /context has no intentId with a confidenceScore; replies should carry intent info.',
      ],
    }),
  },
  {
    name: 'intentId without confidenceScore → no intent, warning',
    output: { messages: ['Hi'], context: { intentId: 'greeting', intentName: 'Greeting' } },
    reply: neutral({
      items: [{ kind: 'text', text: 'Hi' }],
      intent: undefined,
      warnings: [
        'BOT-REPLY-13: /context has no intentId with a confidenceScore; replies should carry intent info.',
      ],
    }),
  },
  {
    name: 'malformed intent info → no intent, one warning per issue (the reply still parses)',
    output: { messages: ['Hi'], context: { intentId: 'x'.repeat(257), confidenceScore: -0.1 } },
    reply: neutral({
      items: [{ kind: 'text', text: 'Hi' }],
      intent: undefined,
      warnings: [
        'BOT-REPLY-12: /context/intentId: expected a string at most 256 characters long, got 257 characters; the intent info was ignored.',
        'BOT-REPLY-12: /context/confidenceScore: expected a number >= 0, got -0.1; the intent info was ignored.',
      ],
    }),
  },
  {
    name: 'an empty object → no items (verification decides)',
    output: {},
    reply: neutral({
      intent: undefined,
      warnings: [
        'BOT-REPLY-13: /context has no intentId with a confidenceScore; replies should carry intent info.',
      ],
    }),
  },
];

// FAAS-05 / BOT-REPLY-02/03: verification outcomes, not parse failures.
const outcomeRows: Row[] = [
  {
    name: 'custom-endpoint name INVOKE_FUNCTION → unsupported (parameters not checked)',
    output: output(['One moment'], {
      action: 'INVOKE_FUNCTION',
      actionParameters: { lambdaUuid, payload: { a: 1 }, name: 'lookup' },
    }),
    reply: neutral({
      items: [{ kind: 'text', text: 'One moment' }],
      actionNames: ['INVOKE_FUNCTION'],
    }),
  },
  {
    name: 'TRANSFER with the custom-endpoint skillName → unsupported',
    output: output([], { action: 'TRANSFER', actionParameters: { skillName: 'billing' } }),
    reply: neutral({ actionNames: ['TRANSFER'] }),
  },
  {
    name: 'an action name in the wrong case → unsupported',
    output: output(['Bye'], { action: 'close_conversation' }),
    reply: neutral({
      items: [{ kind: 'text', text: 'Bye' }],
      actionNames: ['close_conversation'],
    }),
  },
  {
    name: 'a top-level action string (+ actionParameters) → unsupported',
    output: {
      ...output(['Transferring']),
      action: 'TRANSFER',
      actionParameters: { skill: 'billing' },
    },
    reply: neutral({
      items: [{ kind: 'text', text: 'Transferring' }],
      actionNames: ['TRANSFER'],
    }),
  },
  {
    name: 'a top-level custom-endpoint style action object → unsupported, named by its name',
    output: { ...output([]), action: { name: 'TRANSFER', parameters: { skillName: 'billing' } } },
    reply: neutral({ actionNames: ['TRANSFER'] }),
  },
  {
    name: 'context.action and a top-level action → both counted',
    output: {
      ...output([], { action: 'CLOSE_CONVERSATION' }),
      action: 'TRANSFER',
    },
    reply: neutral({ actionNames: ['CLOSE_CONVERSATION', 'TRANSFER'] }),
  },
];

describe('parseFaasReply: §3.2 output mapping', () => {
  it.each(mappingRows)('$name', ({ output, reply }) => {
    expect(parseFaasReply(output)).toEqual({ ok: true, reply });
  });
});

describe('parseFaasReply: documented variants', () => {
  it.each(variantRows)('$name', ({ output, reply }) => {
    expect(parseFaasReply(output)).toEqual({ ok: true, reply });
  });
});

describe('parseFaasReply: FAAS-05 unsupported actions parse', () => {
  it.each(outcomeRows)('$name', ({ output, reply }) => {
    expect(parseFaasReply(output)).toEqual({ ok: true, reply });
  });
});

describe('parseFaasReply: missing body (FAAS-01)', () => {
  it.each([undefined, null])('%s → missing-response-body', (missing) => {
    expect(parseFaasReply(missing)).toEqual({
      ok: false,
      code: faasMissingResponseBody,
      detail: `Failed to parse the function's reply: the callback carried no body (got ${String(missing)}). Call back with {messages: [...], context: {...}}.`,
      issues: [],
    });
  });
});

describe('parseFaasReply: not the documented shape (FAAS-04)', () => {
  const rows: Array<{ name: string; output: unknown; path: string; keyword: string }> = [
    { name: 'a string', output: 'Hi', path: '', keyword: 'type' },
    { name: 'an array of messages', output: ['Hi'], path: '', keyword: 'type' },
    {
      name: 'messages not an array',
      output: { messages: 'Hi' },
      path: '/messages',
      keyword: 'type',
    },
    { name: 'a number message', output: { messages: [17] }, path: '/messages/0', keyword: 'type' },
    {
      name: 'a private text without messageAudience',
      output: { messages: [{ text: 'Hi' }] },
      path: '/messages/0',
      keyword: 'type',
    },
    {
      name: 'an unknown top-level key',
      output: { messages: ['Hi'], response: [] },
      path: '/response',
      keyword: 'additionalProperties',
    },
    {
      name: 'an unknown context key',
      output: { messages: ['Hi'], context: { skill: 'billing' } },
      path: '/context/skill',
      keyword: 'additionalProperties',
    },
    {
      name: 'a TRANSFER without actionParameters',
      output: { context: { action: 'TRANSFER' } },
      path: '/context/actionParameters',
      keyword: 'required',
    },
    {
      name: 'an INVOCATION without lambdaUuid',
      output: { context: { action: 'INVOCATION', actionParameters: { payload: {} } } },
      path: '/context/actionParameters/lambdaUuid',
      keyword: 'required',
    },
    {
      name: 'a delay of 0 seconds',
      output: { messages: [{ delay: 0 }] },
      path: '/messages/0',
      keyword: 'type',
    },
    {
      name: 'a non-string context.action',
      output: { context: { action: { name: 'TRANSFER' } } },
      path: '/context/action',
      keyword: 'enum',
    },
  ];

  it.each(rows)('$name → invalid-response', ({ output, path, keyword }) => {
    const result = parseFaasReply(output);
    expect(result).toMatchObject({ ok: false, code: faasInvalidResponse });
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ path, keyword });
    expect(result.detail).toMatch(/^Failed to parse the function's reply: /);
  });
});
