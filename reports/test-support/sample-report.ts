// A realistic run against a Custom Endpoint bot, for the reporter tests: two failed MUST rules
// (HTTP and escalation evidence), a failed SHOULD rule, a pass with a warning, a skip with its
// reason, an info, passes, and two conversations (one with a card and quick replies). A script
// tag is planted in a bot message and in an evidence body: every reporter must keep it inert.

import type { ControlTranscript, Evidence, Finding, Report } from '../../schemas/index.ts';
import { judgeRun } from '../finding-outcome.ts';
import type { ReportInput } from '../report-input.ts';

export const INJECTION = '<script>alert(1)</script>';

const BASE = 'https://bot.example.com/v1/bots/demo-bot/environments/draft';
const START = '2026-03-02T09:30:00.000Z';
const CURL_HEADERS = `-H "authorization: Bearer $TPB_TOKEN" -H 'accept: application/json'`;

function http(
  method: string,
  path: string,
  status: number,
  responseBody: string,
  options: { requestBody?: string; durationMs?: number; at?: string; url?: string } = {},
): Evidence {
  const url = options.url ?? `${BASE}${path}`;
  const body = (text: string) => ({
    text,
    bytes: new TextEncoder().encode(text).length,
    truncated: false,
  });
  return {
    kind: 'http',
    request: {
      method,
      url,
      headers: {
        authorization: 'Bearer [redacted]',
        accept: 'application/json',
        ...(options.requestBody ? { 'content-type': 'application/json' } : {}),
      },
      ...(options.requestBody ? { body: body(options.requestBody) } : {}),
    },
    response: {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: body(responseBody),
    },
    timing: {
      startedAt: options.at ?? '2026-03-02T09:30:01.120Z',
      durationMs: options.durationMs ?? 42,
    },
    curl: `curl -sS -X ${method} '${url}' ${CURL_HEADERS}${options.requestBody ? ` -H 'content-type: application/json' --data-raw '${options.requestBody}'` : ''}`,
  };
}

const conversationId = '6f1c2a9e-7b61-4c1e-9d8e-2f3a4b5c6d7e';
const chatConversationId = '0b3e8d21-94f5-4a6b-8c7d-1e2f3a4b5c6d';
const consumerId = 'c2f1e0d9-8b7a-4c6d-9e5f-4a3b2c1d0e9f';
const botOldId = '12345678.98765';

const results: Finding[] = [
  {
    ruleId: 'CE-ROUTE-01',
    level: 'MUST',
    status: 'pass',
    message: 'E2, E3 and E4 are served under the configured bot and environment.',
    durationMs: 312,
    evidence: [],
  },
  {
    ruleId: 'CE-ROUTE-02',
    level: 'SHOULD',
    status: 'fail',
    message:
      'CE-ROUTE-02: expected E1 (GET /v1/bots/demo-bot/environments) to be served, got 404. Serve the environment list; see rules.md.',
    expected: '200 with a JSON array of environments',
    actual: '404 Not Found',
    durationMs: 38,
    evidence: [
      http('GET', '', 404, '{"error":"Not Found"}', {
        url: 'https://bot.example.com/v1/bots/demo-bot/environments',
        durationMs: 31,
      }),
    ],
  },
  {
    ruleId: 'CE-STATE-02',
    level: 'MUST',
    status: 'fail',
    message:
      'CE-STATE-02: expected state "online", got "ONLINE". Bot state must be lower case; see rules.md.',
    expected: 'state "online" (exact, lower case)',
    actual: 'state "ONLINE"',
    durationMs: 45,
    evidence: [http('GET', '/state', 200, `{"state":"ONLINE","version":"${INJECTION}"}`)],
  },
  {
    ruleId: 'CE-AUTH-04',
    level: 'INFO',
    status: 'info',
    message:
      'A valid token whose aud names account 87654321 was accepted (account scoping is brand-defined).',
    durationMs: 51,
    evidence: [{ kind: 'note', text: 'GET /state with aud=87654321 answered 200.' }],
  },
  {
    ruleId: 'CE-CONV-01',
    level: 'MUST',
    status: 'pass-with-warning',
    message: 'PUT /conversations/{convId} returned 201 Created.',
    warnings: ['201 Created is accepted; 200 OK is the preferred answer (OpenAPI v1).'],
    durationMs: 61,
    evidence: [
      http('PUT', `/conversations/${conversationId}`, 201, '', {
        requestBody: '{"context":{"type":"MESSAGING","skillId":"1234"}}',
      }),
    ],
  },
  {
    ruleId: 'CE-EVENT-02',
    level: 'MUST',
    status: 'pass',
    message: 'A TEXT event returned 200 with response[] and analytics.',
    durationMs: 88,
    evidence: [],
  },
  {
    ruleId: 'BOT-REPLY-05',
    level: 'MUST',
    status: 'fail',
    message:
      'BOT-REPLY-05: expected the TRANSFER skill "Billing" to exist on the account, got no such skill (the account has "billing"). Skill names are case-sensitive.',
    expected: 'skillName of an existing skill, exact case',
    actual: 'skillName "Billing"',
    durationMs: 1204,
    evidence: [
      {
        kind: 'ums',
        direction: 'sent',
        at: '2026-03-02T09:30:04.010Z',
        connection: 'bot-agent',
        frame: {
          kind: 'notification',
          type: 'ms.MessagingEventNotification',
          body: { dialogId: chatConversationId, changes: [] },
        },
      },
      {
        kind: 'escalation',
        conversationId: chatConversationId,
        code: 'com.liveperson.bot-connectors-worker.error.pipes.chat-handle-bot-action.transfer-skill-not-existing',
        errorId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        at: '2026-03-02T09:30:04.050Z',
        detail: 'TRANSFER skillName "Billing" not found',
      },
    ],
  },
  {
    ruleId: 'BOT-SC-06',
    level: 'MUST',
    status: 'pass',
    message: 'Every image URL in structured content uses https://.',
    durationMs: 3,
    evidence: [],
  },
  {
    ruleId: 'FLOW-06',
    level: 'MUST',
    status: 'skipped',
    message:
      'FLOW-06 skipped: the manifest declares no transfer trigger. Declare one under triggers.transfer to run it.',
    evidence: [],
  },
];

export const sampleReport: Report = {
  tool: { name: 'tpb-conformance', version: '0.1.0' },
  target: {
    kind: 'custom-endpoint',
    baseUrl: 'https://bot.example.com',
    botId: 'demo-bot',
    environment: 'draft',
    accountId: '12345678',
    auth: 'signing-key',
    clientId: 'tpb-harness',
    keyId: 'tpb-conformance',
  },
  startedAt: START,
  durationMs: 3210,
  strict: false,
  ...judgeRun(results, false),
  evidenceBodyLimitBytes: 4096,
  summary: { total: 9, passed: 3, failed: 3, warnings: 1, skipped: 1, info: 1 },
  results,
};

const at = (second: number): string => `2026-03-02T09:30:${String(second).padStart(2, '0')}.000Z`;

export const messagingConversation: ControlTranscript = {
  conversationId,
  consumerId,
  state: 'OPEN',
  channel: 'messaging',
  skill: 'bot',
  skillId: '1234',
  ttr: { ttrType: 'NORMAL', value: 3600 },
  startedAt: at(1),
  participants: [
    { id: consumerId, pid: consumerId, role: 'CONSUMER', state: 'ACTIVE', kind: 'consumer' },
    {
      id: botOldId,
      pid: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
      role: 'ASSIGNED_AGENT',
      state: 'ACTIVE',
      kind: 'bot',
    },
  ],
  errors: [],
  events: [
    {
      sequence: null,
      at: at(1),
      from: 'system',
      type: 'participant-added',
      detail: { id: botOldId, role: 'ASSIGNED_AGENT' },
    },
    {
      sequence: 0,
      at: at(2),
      from: 'consumer',
      type: 'ContentEvent',
      originatorId: consumerId,
      dialogId: conversationId,
      contentType: 'text/plain',
      message: 'Hi, which plans do you have?',
    },
    {
      sequence: 1,
      at: at(3),
      from: 'bot',
      type: 'AcceptStatusEvent',
      originatorId: botOldId,
      dialogId: conversationId,
      status: 'READ',
      sequenceList: [0],
    },
    {
      sequence: null,
      at: at(3),
      from: 'bot',
      type: 'ChatStateEvent',
      originatorId: botOldId,
      chatState: 'COMPOSING',
    },
    {
      sequence: 2,
      at: at(4),
      from: 'bot',
      type: 'ContentEvent',
      originatorId: botOldId,
      dialogId: conversationId,
      contentType: 'text/plain',
      message: `Hello! ${INJECTION} Here is our most popular plan:`,
      audience: 'ALL',
    },
    {
      sequence: 3,
      at: at(4),
      from: 'bot',
      type: 'RichContentEvent',
      originatorId: botOldId,
      dialogId: conversationId,
      content: {
        type: 'vertical',
        elements: [
          {
            type: 'image',
            url: 'https://cdn.example.com/plans/premium.png',
            caption: 'Premium plan',
          },
          { type: 'text', text: 'Premium', style: { bold: true, size: 'large' } },
          { type: 'text', text: 'Unlimited conversations, priority support.' },
          {
            type: 'button',
            title: 'Choose Premium',
            click: {
              actions: [{ type: 'link', name: 'Choose', uri: 'https://example.com/premium' }],
            },
          },
        ],
      },
      metadata: [{ type: 'ExternalId', id: 'card-premium' }],
    },
    {
      sequence: 4,
      at: at(5),
      from: 'bot',
      type: 'ContentEvent',
      originatorId: botOldId,
      dialogId: conversationId,
      contentType: 'text/plain',
      message: 'Would you like to talk to sales?',
      quickReplies: {
        type: 'quickReplies',
        itemsPerRow: 8,
        replies: [
          {
            type: 'button',
            title: 'Yes, please',
            click: { actions: [{ type: 'publishText', text: 'yes' }] },
          },
          {
            type: 'button',
            title: 'No thanks',
            click: { actions: [{ type: 'publishText', text: 'no' }] },
          },
          {
            type: 'button',
            title: 'Talk to an agent',
            click: { actions: [{ type: 'publishText', text: 'agent' }] },
          },
        ],
      },
    },
    {
      sequence: 5,
      at: at(7),
      from: 'consumer',
      type: 'ContentEvent',
      originatorId: consumerId,
      dialogId: conversationId,
      contentType: 'text/plain',
      message: 'No thanks',
    },
    {
      sequence: 6,
      at: at(8),
      from: 'bot',
      type: 'ContentEvent',
      originatorId: botOldId,
      dialogId: conversationId,
      contentType: 'text/plain',
      message: 'Consumer declined the sales offer.',
      audience: 'AGENTS_AND_MANAGERS',
    },
  ],
};

export const chatConversation: ControlTranscript = {
  conversationId: chatConversationId,
  consumerId,
  state: 'CLOSE',
  channel: 'chat',
  skill: 'bot',
  skillId: '1234',
  ttr: { ttrType: 'NORMAL', value: 3600 },
  startedAt: at(2),
  endedAt: at(5),
  closeReason: 'ESCALATION',
  participants: [
    { id: consumerId, pid: consumerId, role: 'CONSUMER', state: 'ACTIVE', kind: 'consumer' },
  ],
  errors: [
    {
      code: 'com.liveperson.bot-connectors-worker.error.pipes.chat-handle-bot-action.transfer-skill-not-existing',
      errorId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      at: at(4),
      detail: 'TRANSFER skillName "Billing" not found',
    },
  ],
  events: [
    {
      sequence: 0,
      at: at(2),
      from: 'consumer',
      type: 'ContentEvent',
      originatorId: consumerId,
      dialogId: chatConversationId,
      contentType: 'text/plain',
      message: 'I have a question about my invoice.',
    },
    {
      sequence: 1,
      at: at(3),
      from: 'bot',
      type: 'ContentEvent',
      originatorId: botOldId,
      dialogId: chatConversationId,
      contentType: 'text/plain',
      message: 'Let me transfer you to billing.',
    },
    {
      sequence: null,
      at: at(4),
      from: 'system',
      type: 'escalated',
      detail: {
        code: 'com.liveperson.bot-connectors-worker.error.pipes.chat-handle-bot-action.transfer-skill-not-existing',
        errorId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      },
    },
    {
      sequence: null,
      at: at(4),
      from: 'system',
      type: 'participant-removed',
      detail: { id: botOldId, role: 'ASSIGNED_AGENT' },
    },
    {
      sequence: null,
      at: at(5),
      from: 'system',
      type: 'conversation-closed',
      detail: { closedBy: 'SYSTEM', reason: 'ESCALATION' },
    },
  ],
};

/** Check sentences of the sample's rules, as the catalogue words them. */
export const sampleRuleChecks: Record<string, string> = {
  'CE-ROUTE-01':
    'E2 (`GET …/state`), E3 (`PUT …/conversations/{convId}`) and E4 (`POST …/conversations/{convId}/events`) are served under `{BaseUrl}/v1/bots/{botId}/environments/{environment}`.',
  'CE-ROUTE-02': 'E1 (`GET {BaseUrl}/v1/bots/{botId}/environments`) is served.',
  'CE-STATE-02':
    'E2 for the configured bot and environment returns `state: "online"` (exact, lower case).',
  'CE-AUTH-04':
    'Reports whether a valid token whose `aud` names another account is refused for the configured bot.',
  'CE-CONV-01':
    'A PUT with a valid body returns 2xx (200 preferred; 201 or 204 pass with a warning).',
  'CE-EVENT-02':
    'A TEXT event returns 200 with an object holding `response` (array) and `analytics` (object).',
  'BOT-REPLY-05': 'The `TRANSFER` skill name exists on the mock account with exactly that case.',
  'BOT-SC-06': 'Every image URL in structured content uses `https://`.',
  'FLOW-06':
    'A declared transfer trigger moves the conversation to the declared skill and the bot stops being its assigned agent.',
};

/** A fresh copy of the whole sample input, safe to change in a test. */
export function sampleInput(overrides: Partial<Report> = {}): ReportInput {
  return structuredClone({
    report: { ...sampleReport, ...overrides },
    conversations: [messagingConversation, chatConversation],
    ruleChecks: sampleRuleChecks,
  });
}
