/**
 * tpb-platform.md §2.3 (verification, in order), §2.4 and §12.1 (encodedMetadata: dropped, not
 * escalated), §8 (codes), §10 (chat vs messaging): one case per §2.3 row for each vendor, replies
 * parsed from realistic wire payloads, then the send-time rules on hand-made neutral replies.
 */
import { describe, expect, it } from 'vitest';
import {
  chatSendMessage,
  chatTransferSkillNotExisting,
  messagingSendMessage,
  messagingTransferSkillNotExisting,
  missingActionAndMessages,
  multipleActions,
  noMessagesAndNotSupportedAction,
  quickRepliesNotSupported,
} from '../platform/error-codes.ts';
import type { NeutralItem, NeutralReply, ParseResult } from './neutral-reply.ts';
import { parseCustomEndpointReply } from './reply-parse-custom-endpoint.ts';
import { parseFaasReply } from './reply-parse-faas.ts';
import { type VerifyReplyOptions, type VerifyResult, verifyReply } from './reply-verify.ts';

const analytics = {
  intents: [{ id: 'billing_pay', description: 'Pay a bill', confidenceScore: 0.92 }],
};
const intentContext = { intentId: 'billing_pay', intentName: 'Pay a bill', confidenceScore: 0.92 };
const intent = { id: 'billing_pay', name: 'Pay a bill', confidenceScore: 0.92 };
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

const ce = (...response: unknown[]) => parseCustomEndpointReply({ response, analytics });
const faas = (value: Record<string, unknown>) =>
  parseFaasReply({ ...value, context: { ...intentContext, ...(value.context as object) } });

function parsed(result: ParseResult): NeutralReply {
  if (!result.ok) throw new Error(`fixture failed to parse: ${result.detail}`);
  return result.reply;
}

interface Row {
  name: string;
  reply: ParseResult;
  options: VerifyReplyOptions;
  expected: VerifyResult;
}

const messaging: VerifyReplyOptions = { channel: 'messaging' };
const chat: VerifyReplyOptions = { channel: 'chat' };
const unsupportedIgnored = (name: string) =>
  `BOT-REPLY-03: the unsupported action "${name}" was ignored; the messages were sent.`;

/** A passing result whose reply is the parsed one with `warnings` added. */
const passed = (reply: Omit<NeutralReply, 'warnings' | 'actionNames'> & Partial<NeutralReply>) => {
  const warnings = reply.warnings ?? [];
  return {
    ok: true as const,
    reply: { actionNames: [], ...reply, warnings },
    dropped: [],
    warnings,
  };
};

const section23: Row[] = [
  {
    name: 'more than one action (CE: two ACTION items) → multiple-actions',
    reply: ce(
      { type: 'TEXT', data: { message: 'Bye' } },
      { type: 'ACTION', data: { name: 'TRANSFER', parameters: { skillName: 'billing' } } },
      { type: 'ACTION', data: { name: 'CLOSE_CONVERSATION' } },
    ),
    options: messaging,
    expected: {
      ok: false,
      code: multipleActions,
      detail:
        'Failed to verify the reply: it carries 2 actions ("TRANSFER", "CLOSE_CONVERSATION"). Return at most one action.',
    },
  },
  {
    name: 'more than one action (FaaS: context.action and a top-level action) → multiple-actions',
    reply: faas({
      messages: ['Bye'],
      context: { action: 'CLOSE_CONVERSATION' },
      action: 'TRANSFER',
    }),
    options: messaging,
    expected: {
      ok: false,
      code: multipleActions,
      detail:
        'Failed to verify the reply: it carries 2 actions ("CLOSE_CONVERSATION", "TRANSFER"). Return at most one action.',
    },
  },
  {
    name: 'no items and no action (CE: empty response) → missing-action-and-messages',
    reply: parseCustomEndpointReply({ response: [], analytics: { intents: [] } }),
    options: messaging,
    expected: {
      ok: false,
      code: missingActionAndMessages,
      detail:
        'Failed to verify the reply: it has neither messages nor an action. Return at least one message, a delay or a supported action.',
    },
  },
  {
    name: 'no items and no action (FaaS: {}) → missing-action-and-messages',
    reply: parseFaasReply({}),
    options: chat,
    expected: {
      ok: false,
      code: missingActionAndMessages,
      detail:
        'Failed to verify the reply: it has neither messages nor an action. Return at least one message, a delay or a supported action.',
    },
  },
  {
    name: 'no items and only an unsupported action (CE: ESCALATE) → no-messages-and-not-supported-action',
    reply: ce({ type: 'ACTION', data: { name: 'ESCALATE' } }),
    options: messaging,
    expected: {
      ok: false,
      code: noMessagesAndNotSupportedAction,
      detail:
        'Failed to verify the reply: it has no messages and only the unsupported action "ESCALATE". Use a supported action name in exact case.',
    },
  },
  {
    name: 'no items and only an unsupported action (FaaS: INVOKE_FUNCTION) → no-messages-and-not-supported-action',
    reply: faas({
      messages: [],
      context: { action: 'INVOKE_FUNCTION', actionParameters: { lambdaUuid: 'x' } },
    }),
    options: messaging,
    expected: {
      ok: false,
      code: noMessagesAndNotSupportedAction,
      detail:
        'Failed to verify the reply: it has no messages and only the unsupported action "INVOKE_FUNCTION". Use a supported action name in exact case.',
    },
  },
  {
    name: 'no items and only a top-level action (FaaS, FAAS-05) → no-messages-and-not-supported-action',
    reply: faas({ action: 'CLOSE_CONVERSATION' }),
    options: messaging,
    expected: {
      ok: false,
      code: noMessagesAndNotSupportedAction,
      detail:
        'Failed to verify the reply: it has no messages and only the unsupported action "CLOSE_CONVERSATION". Use a supported action name in exact case.',
    },
  },
  {
    name: 'items plus an unsupported action (CE: lower-case transfer) → items sent, action ignored',
    reply: ce(
      { type: 'TEXT', data: { message: 'Let me get someone' } },
      { type: 'ACTION', data: { name: 'transfer', parameters: { skillName: 'billing' } } },
    ),
    options: messaging,
    expected: passed({
      items: [{ kind: 'text', text: 'Let me get someone' }],
      intent,
      actionNames: ['transfer'],
      warnings: [unsupportedIgnored('transfer')],
    }),
  },
  {
    name: 'items plus an unsupported action (FaaS: TRANSFER with skillName) → items sent, action ignored',
    reply: faas({
      messages: ['Let me get someone'],
      context: { action: 'TRANSFER', actionParameters: { skillName: 'billing' } },
    }),
    options: chat,
    expected: passed({
      items: [{ kind: 'text', text: 'Let me get someone' }],
      intent,
      actionNames: ['TRANSFER'],
      warnings: [unsupportedIgnored('TRANSFER')],
    }),
  },
  {
    name: 'quick replies in chat (CE) → quick-replies-not-supported',
    reply: ce(
      { type: 'TEXT', data: { message: 'Hi' } },
      {
        type: 'STRUCTURED_CONTENT',
        data: { structuredContent: { message: 'Did that help?', quickReplies } },
      },
    ),
    options: chat,
    expected: {
      ok: false,
      code: quickRepliesNotSupported,
      detail:
        'Failed to verify the reply: items[1] holds quick replies, which chat conversations do not support. Send quick replies in messaging only.',
    },
  },
  {
    name: 'quick replies in chat (FaaS, legacy context.structuredContent) → quick-replies-not-supported',
    reply: faas({ context: { structuredContent: { message: 'Did that help?', quickReplies } } }),
    options: chat,
    expected: {
      ok: false,
      code: quickRepliesNotSupported,
      detail:
        'Failed to verify the reply: items[0] holds quick replies, which chat conversations do not support. Send quick replies in messaging only.',
    },
  },
  {
    name: 'quick replies in messaging (FaaS) → sent',
    reply: faas({ messages: [{ structuredContent: { message: 'Did that help?', quickReplies } }] }),
    options: messaging,
    expected: passed({
      items: [{ kind: 'qr', message: 'Did that help?', quickReplies }],
      intent,
    }),
  },
  {
    name: 'a delay-only reply (CE) → legal',
    reply: ce({ type: 'DELAY', data: { seconds: 2, typing: false } }),
    options: chat,
    expected: passed({ items: [{ kind: 'delay', seconds: 2, typing: false }], intent }),
  },
  {
    name: 'a delay-only reply (FaaS) → legal',
    reply: faas({ messages: [{ delay: 1 }] }),
    options: messaging,
    expected: passed({ items: [{ kind: 'delay', seconds: 1, typing: true }], intent }),
  },
  {
    name: 'an intent without messages or action (CE) → missing-action-and-messages',
    reply: ce(),
    options: messaging,
    expected: {
      ok: false,
      code: missingActionAndMessages,
      detail:
        'Failed to verify the reply: it has neither messages nor an action (only the intent "billing_pay"). Return at least one message, a delay or a supported action.',
    },
  },
  {
    name: 'an intent without messages or action (FaaS) → missing-action-and-messages',
    reply: faas({ messages: [] }),
    options: chat,
    expected: {
      ok: false,
      code: missingActionAndMessages,
      detail:
        'Failed to verify the reply: it has neither messages nor an action (only the intent "billing_pay"). Return at least one message, a delay or a supported action.',
    },
  },
  {
    name: 'an action without messages (CE CLOSE_CONVERSATION) → legal',
    reply: ce({
      type: 'ACTION',
      data: { name: 'CLOSE_CONVERSATION', parameters: { withoutPcs: true } },
    }),
    options: messaging,
    expected: passed({
      items: [],
      action: { name: 'CLOSE_CONVERSATION', withoutPcs: true },
      actionNames: ['CLOSE_CONVERSATION'],
      intent,
    }),
  },
];

describe('verifyReply: §2.3 table, both vendors', () => {
  it.each(section23)('$name', ({ reply, options, expected }) => {
    expect(verifyReply(parsed(reply), options)).toEqual(expected);
  });

  it('checks in the §2.3 order: multiple actions before quick replies in chat', () => {
    const reply = ce(
      { type: 'STRUCTURED_CONTENT', data: { structuredContent: { message: 'Ok?', quickReplies } } },
      { type: 'ACTION', data: { name: 'ESCALATE' } },
      { type: 'ACTION', data: { name: 'CLOSE_CONVERSATION' } },
    );
    expect(verifyReply(parsed(reply), chat)).toMatchObject({ ok: false, code: multipleActions });
  });

  it('keeps the parser warnings ahead of its own', () => {
    const reply = parsed(
      parseCustomEndpointReply({
        response: [
          { type: 'TEXT', data: { message: 'Hi' } },
          { type: 'ACTION', data: { name: 'ESCALATE' } },
        ],
        analytics: {},
      }),
    );
    const result = verifyReply(reply, messaging);
    expect(result.ok && result.warnings).toEqual([
      'BOT-REPLY-13: /analytics/intents is missing or empty; replies should carry intent info.',
      unsupportedIgnored('ESCALATE'),
    ]);
  });
});

describe('verifyReply: TRANSFER skill lookup (BOT-REPLY-05)', () => {
  const skills = new Set(['billing', 'Sales']);
  const skillExists = (name: string) => skills.has(name);
  const transfer = (skillName: string) =>
    parsed(
      ce(
        { type: 'TEXT', data: { message: 'Transferring you' } },
        { type: 'ACTION', data: { name: 'TRANSFER', parameters: { skillName } } },
      ),
    );
  const notFound = (skill: string) =>
    `Failed to transfer: no skill is named "${skill}" on the account (names are case-sensitive). Use an existing skill name.`;

  it.each([
    { channel: 'messaging' as const, code: messagingTransferSkillNotExisting },
    { channel: 'chat' as const, code: chatTransferSkillNotExisting },
  ])('an unknown skill in $channel → $code', ({ channel, code }) => {
    expect(verifyReply(transfer('sales'), { channel, skillExists })).toEqual({
      ok: false,
      code,
      detail: notFound('sales'),
    });
  });

  it('a known skill passes, with the action kept', () => {
    const result = verifyReply(transfer('Sales'), { channel: 'messaging', skillExists });
    expect(result).toMatchObject({
      ok: true,
      reply: { action: { name: 'TRANSFER', skill: 'Sales' } },
    });
  });

  it('without skillExists no lookup is made', () => {
    expect(verifyReply(transfer('nowhere'), messaging).ok).toBe(true);
  });

  it('an agentId-only TRANSFER (D14) names no skill, so no lookup fails it', () => {
    const reply = parsed(
      ce({ type: 'ACTION', data: { name: 'TRANSFER', parameters: { agentId: '1234567890' } } }),
    );
    expect(verifyReply(reply, { channel: 'messaging', skillExists })).toMatchObject({
      ok: true,
      reply: { action: { name: 'TRANSFER', agentId: '1234567890' } },
    });
  });
});

describe('verifyReply: encodedMetadata is dropped, never escalated (§2.4, BOT-SC-10/11)', () => {
  const text = (encodedMetadata: string): NeutralItem => ({
    kind: 'text',
    text: 'Here you go',
    encodedMetadata,
  });
  const reply = (...items: NeutralItem[]): NeutralReply => ({
    items,
    actionNames: [],
    warnings: [],
  });
  const valid = 'ewoic29tZSI6ICJtZXRhZGF0YSIKfQ==';

  const rows: Array<{
    name: string;
    item: NeutralItem;
    channel: 'messaging' | 'chat';
    reason?: string;
  }> = [
    { name: 'valid base64 in messaging → sent', item: text(valid), channel: 'messaging' },
    {
      name: 'base64 of exactly 5000 characters → sent',
      item: text('A'.repeat(5000)),
      channel: 'messaging',
    },
    {
      name: '5004 characters → dropped',
      item: text('A'.repeat(5004)),
      channel: 'messaging',
      reason: 'BOT-SC-10: items[0] encodedMetadata is 5004 characters; at most 5000 are allowed.',
    },
    {
      name: 'not base64 → dropped',
      item: text('{"some":"metadata"}'),
      channel: 'messaging',
      reason: 'BOT-SC-10: items[0] encodedMetadata is not valid base64.',
    },
    {
      name: 'base64 without padding → dropped',
      item: text('ewoic29tZSI6ICJtZXRhZGF0YSIKfQ'),
      channel: 'messaging',
      reason: 'BOT-SC-10: items[0] encodedMetadata is not valid base64.',
    },
    {
      name: 'URL-safe base64 → dropped',
      item: text('a-_b'),
      channel: 'messaging',
      reason: 'BOT-SC-10: items[0] encodedMetadata is not valid base64.',
    },
    {
      name: 'valid base64 in chat → dropped',
      item: text(valid),
      channel: 'chat',
      reason:
        'BOT-SC-11: items[0] carries encodedMetadata, which chat conversations do not support.',
    },
    {
      name: 'on a structured content in chat → dropped',
      item: {
        kind: 'sc',
        structuredContent: { type: 'vertical', elements: [] },
        encodedMetadata: valid,
      },
      channel: 'chat',
      reason:
        'BOT-SC-11: items[0] carries encodedMetadata, which chat conversations do not support.',
    },
    {
      name: 'on quick replies, invalid → dropped',
      item: { kind: 'qr', message: 'Ok?', quickReplies, encodedMetadata: 'not base64!' },
      channel: 'messaging',
      reason: 'BOT-SC-10: items[0] encodedMetadata is not valid base64.',
    },
  ];

  it.each(rows)('$name', ({ item, channel, reason }) => {
    const result = verifyReply(reply(item), { channel });
    expect(result).toEqual({
      ok: true,
      reply: reply(...(reason ? [] : [item])),
      dropped: reason ? [{ item, reason }] : [],
      warnings: [],
    });
  });

  it('drops only the violating message and keeps the order of the rest (FaaS context.encodedMetadata)', () => {
    const result = verifyReply(
      parsed(
        faas({
          messages: [
            { delay: 1 },
            'One',
            { structuredContent: { type: 'vertical', elements: [] }, encodedMetadata: valid },
          ],
          context: { encodedMetadata: 'bad metadata' },
        }),
      ),
      messaging,
    );
    expect(result).toEqual({
      ok: true,
      reply: {
        items: [
          { kind: 'delay', seconds: 1, typing: true },
          {
            kind: 'sc',
            structuredContent: { type: 'vertical', elements: [] },
            encodedMetadata: valid,
          },
        ],
        actionNames: [],
        warnings: [],
        intent,
      },
      dropped: [
        {
          item: { kind: 'text', text: 'One', encodedMetadata: 'bad metadata' },
          reason: 'BOT-SC-10: items[1] encodedMetadata is not valid base64.',
        },
      ],
      warnings: [],
    });
  });

  it('a reply whose only message is dropped still passes verification (nothing is sent)', () => {
    const result = verifyReply(reply(text(valid)), chat);
    expect(result).toMatchObject({ ok: true, reply: { items: [] } });
  });
});

describe('verifyReply: send-time rules', () => {
  const reply = (items: NeutralItem[], extra: Partial<NeutralReply> = {}): NeutralReply => ({
    items,
    actionNames: [],
    warnings: [],
    ...extra,
  });

  it.each([
    { channel: 'messaging' as const, code: messagingSendMessage },
    { channel: 'chat' as const, code: chatSendMessage },
  ])('structured content that is not an object in $channel → $code', ({ channel, code }) => {
    const item = { kind: 'sc', structuredContent: '<card/>' } as unknown as NeutralItem;
    expect(verifyReply(reply([{ kind: 'text', text: 'Look' }, item]), { channel })).toEqual({
      ok: false,
      code,
      detail:
        'Failed to send items[1]: its structured content is not an object. Send a rich-content body or a {message, quickReplies} wrapper.',
    });
  });

  it('BOT-SC-08 structured content over 15000 bytes is sent with a warning', () => {
    const body = { type: 'text', text: 'é'.repeat(7500) };
    const bytes = Buffer.byteLength(JSON.stringify(body));
    const item: NeutralItem = { kind: 'sc', structuredContent: body };
    expect(verifyReply(reply([item]), messaging)).toEqual({
      ok: true,
      reply: reply([item], {
        warnings: [
          `BOT-SC-08: items[0] structured content is ${bytes} bytes; the Public API accepts at most 15000.`,
        ],
      }),
      dropped: [],
      warnings: [
        `BOT-SC-08: items[0] structured content is ${bytes} bytes; the Public API accepts at most 15000.`,
      ],
    });
  });

  it('structured content of 15000 bytes or less has no warning', () => {
    const item: NeutralItem = {
      kind: 'sc',
      structuredContent: { type: 'text', text: 'a'.repeat(14000) },
    };
    expect(verifyReply(reply([item]), messaging)).toMatchObject({ ok: true, warnings: [] });
  });

  it('BOT-REPLY-07 CHANGE_TTR in chat is kept with a warning', () => {
    const ttr = reply([], {
      action: { name: 'CHANGE_TTR', ttrType: 'URGENT' },
      actionNames: ['CHANGE_TTR'],
    });
    expect(verifyReply(ttr, chat)).toEqual({
      ok: true,
      reply: {
        ...ttr,
        warnings: ['BOT-REPLY-07: CHANGE_TTR applies to messaging only; in chat it has no effect.'],
      },
      dropped: [],
      warnings: ['BOT-REPLY-07: CHANGE_TTR applies to messaging only; in chat it has no effect.'],
    });
  });

  it('does not modify the reply it is given', () => {
    const input = reply([{ kind: 'text', text: 'Hi', encodedMetadata: '%%' }], {
      warnings: ['BOT-REPLY-13: x'],
    });
    const copy = structuredClone(input);
    verifyReply(input, chat);
    expect(input).toEqual(copy);
  });
});
