/**
 * pact.json (Pact specification V3): which evidence becomes an interaction, and the matchers
 * each interaction carries. Verification by Pact itself is in pact-reporter.pact.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Evidence, Finding, Report } from '../schemas/index.ts';
import type { PactContract, PactInteraction } from './pact-contract.ts';
import { buildPactContract, pactBearerExample, renderPactContract } from './pact-reporter.ts';
import { sampleInput, sampleReport } from './test-support/sample-report.ts';

const ORIGIN = 'https://bot.example.com';
const ENV = '/v1/bots/demo-bot/environments/draft';
const CONV = '6f1c2a9e-7b61-4c1e-9d8e-2f3a4b5c6d7e';
const CHAT_CONV = '0b3e8d21-94f5-4a6b-8c7d-1e2f3a4b5c6d';
/** A JWS compact token, as any bearer the harness minted would look. */
const BEARER = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJTZW50aW5lbCJ9.c2lnbmF0dXJl';
const bearerShape = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/;

const createBody = (type: 'MESSAGING' | 'CHAT') =>
  JSON.stringify({ context: { type, skillId: '1234567', engagementId: 1 } });
const textEvent = (message: string) =>
  JSON.stringify({
    type: 'TEXT',
    source: 'CONSUMER',
    data: { message },
    context: { lpEvent: { sequence: 0, dialogId: CONV, conversationId: CONV } },
  });
const startEvent = JSON.stringify({
  type: 'START',
  source: 'CONVERSATION',
  data: {},
  context: { lpEvent: {} },
});
const reply = (message: string) =>
  JSON.stringify({
    response: [{ type: 'TEXT', data: { message } }],
    analytics: { intents: [{ id: 'fallback', description: 'Echo', confidenceScore: 1 }] },
  });

function http(
  method: string,
  path: string,
  status: number,
  options: {
    requestBody?: string;
    responseBody?: string;
    truncated?: boolean;
    origin?: string;
    error?: string;
  } = {},
): Evidence {
  const url = `${options.origin ?? ORIGIN}${path}`;
  const body = (text: string) => ({
    text,
    bytes: text.length,
    truncated: options.truncated ?? false,
  });
  return {
    kind: 'http',
    request: {
      method,
      url,
      headers: {
        accept: 'application/json',
        // Not redacted, as if it slipped through: pact.json must still not carry it.
        authorization: `Bearer ${BEARER}`,
        'x-request-id': 'r-1',
        ...(options.requestBody ? { 'content-type': 'application/json' } : {}),
      },
      ...(options.requestBody ? { body: body(options.requestBody) } : {}),
    },
    response: {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      ...(options.responseBody !== undefined ? { body: body(options.responseBody) } : {}),
    },
    ...(options.error ? { error: options.error } : {}),
    timing: { startedAt: '2026-03-02T09:30:01.120Z', durationMs: 42 },
    curl: `curl -sS -X ${method} '${url}'`,
  };
}

function finding(ruleId: string, evidence: Evidence[]): Finding {
  return { ruleId, level: 'MUST', status: 'pass', message: `${ruleId} passed.`, evidence };
}

const goodRun: Finding[] = [
  finding('CE-STATE-01', [
    http('GET', `${ENV}/state`, 200, { responseBody: '{"state":"online","version":"1.0.0"}' }),
  ]),
  finding('CE-ROUTE-01', [
    http('PUT', `${ENV}/conversations/${CONV}`, 200, {
      requestBody: createBody('MESSAGING'),
      responseBody: '',
    }),
    http('POST', `${ENV}/conversations/${CONV}/events`, 200, {
      requestBody: textEvent('Hello there'),
      responseBody: reply('You said: Hello there'),
    }),
  ]),
  finding('CE-EVENT-05', [
    http('PUT', `${ENV}/conversations/${CHAT_CONV}`, 201, { requestBody: createBody('CHAT') }),
    http('POST', `${ENV}/conversations/${CHAT_CONV}/events`, 200, {
      requestBody: startEvent,
      responseBody: reply('Welcome!'),
    }),
    // The same interactions again: deduplicated, the first one kept.
    http('GET', `${ENV}/state`, 200, { responseBody: '{"state":"online","version":"2.0.0"}' }),
    http('POST', `${ENV}/conversations/${CONV}/events`, 200, {
      requestBody: textEvent('Second'),
      responseBody: reply('You said: Second'),
    }),
  ]),
];

function report(results: Finding[], target: Partial<Report['target']> = {}): Report {
  return {
    ...sampleReport,
    target: { ...sampleReport.target, ...target } as Report['target'],
    results,
  };
}

function contract(results: Finding[] = goodRun): PactContract {
  const built = buildPactContract({ report: report(results) });
  if (!built) throw new Error('expected a contract');
  return built;
}

function interaction(pact: PactContract, description: string): PactInteraction {
  const found = pact.interactions.find((entry) => entry.description === description);
  if (!found) throw new Error(`no interaction "${description}"`);
  return found;
}

describe('renderPactContract', () => {
  it('writes a V3 pact between the platform and the bot, one interaction per exchange', () => {
    const pact = JSON.parse(renderPactContract({ report: report(goodRun) }) ?? '{}');
    expect(pact).toMatchObject({
      consumer: { name: 'LivePerson-Third-Party-Bots' },
      provider: { name: 'demo-bot' },
      metadata: { pactSpecification: { version: '3.0.0' } },
    });
    expect(pact.interactions.map((entry: PactInteraction) => entry.description)).toEqual([
      'a state check of the bot',
      'a request to create a MESSAGING conversation',
      'a request to create a CHAT conversation',
      'a TEXT event for a created conversation',
      'a START event for a created conversation',
    ]);
  });

  it('keeps the first of identical interactions', () => {
    const pact = contract();
    expect(interaction(pact, 'a state check of the bot').response.body).toEqual({
      state: 'online',
      version: '1.0.0',
    });
    expect(interaction(pact, 'a TEXT event for a created conversation').request.body).toEqual(
      JSON.parse(textEvent('Hello there')),
    );
  });

  it('matches the state exactly and every reply body by type', () => {
    const pact = contract();
    const state = interaction(pact, 'a state check of the bot');
    expect(state.request).toMatchObject({ method: 'GET', path: `${ENV}/state` });
    expect(state.response.matchingRules?.body).toEqual({
      $: { matchers: [{ match: 'type' }], combine: 'AND' },
      '$.state': { matchers: [{ match: 'regex', regex: '^online$' }], combine: 'AND' },
    });
    const text = interaction(pact, 'a TEXT event for a created conversation');
    expect(text.response).toMatchObject({
      status: 200,
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      matchingRules: {
        header: {
          'Content-Type': {
            matchers: [{ match: 'regex', regex: '^application/json(;.*)?$' }],
            combine: 'AND',
          },
        },
        body: { $: { matchers: [{ match: 'type' }], combine: 'AND' } },
      },
    });
    expect(text.request.matchingRules?.body).toEqual({
      '$.context.lpEvent': { matchers: [{ match: 'type' }], combine: 'AND' },
      '$.data.message': { matchers: [{ match: 'type' }], combine: 'AND' },
    });
    // An empty E3 answer has no body or media type to match, and keeps its own 2xx status.
    expect(interaction(pact, 'a request to create a CHAT conversation').response).toEqual({
      status: 201,
    });
  });

  it('matches conversation ids in paths and the bearer by regex', () => {
    const pact = contract();
    const create = interaction(pact, 'a request to create a MESSAGING conversation');
    expect(create.request.path).toBe(`${ENV}/conversations/${CONV}`);
    expect(create.request.matchingRules?.path).toEqual({
      matchers: [
        {
          match: 'regex',
          regex: '^/v1/bots/demo-bot/environments/draft/conversations/[^/]+$',
        },
      ],
      combine: 'AND',
    });
    const start = interaction(pact, 'a START event for a created conversation');
    expect(start.request.matchingRules?.path?.matchers).toEqual([
      {
        match: 'regex',
        regex: '^/v1/bots/demo-bot/environments/draft/conversations/[^/]+/events$',
      },
    ]);
    for (const entry of pact.interactions) {
      expect(entry.request.headers?.Authorization).toBe(pactBearerExample);
      expect(entry.request.matchingRules?.header?.Authorization).toEqual({
        matchers: [{ match: 'regex', regex: '^Bearer .+$' }],
        combine: 'AND',
      });
      expect(/^Bearer .+$/.test(pactBearerExample)).toBe(true);
      // Only the headers the platform's contract is about.
      expect(Object.keys(entry.request.headers ?? {}).sort()).toEqual(
        entry.request.method === 'GET'
          ? ['Accept', 'Authorization']
          : ['Accept', 'Authorization', 'Content-Type'],
      );
    }
  });

  it('names provider states with the conversation, so the provider can set them up', () => {
    const pact = contract();
    expect(
      interaction(pact, 'a request to create a MESSAGING conversation').providerStates,
    ).toEqual([{ name: 'conversation does not exist', params: { convId: CONV } }]);
    expect(interaction(pact, 'a START event for a created conversation').providerStates).toEqual([
      { name: 'conversation exists', params: { convId: CHAT_CONV, conversationType: 'CHAT' } },
    ]);
    expect(interaction(pact, 'a state check of the bot').providerStates).toBeUndefined();
  });

  it('holds no bearer token and no secret anywhere', () => {
    const withSecret = [
      finding('CE-CONV-02', [
        http('PUT', `${ENV}/conversations/c-2`, 200, {
          requestBody: JSON.stringify({
            context: { type: 'MESSAGING', skillId: '1', engagementId: 1, access_token: 'tok-XYZ' },
          }),
        }),
      ]),
      ...goodRun,
    ];
    const pact = contract(withSecret);
    expect(interaction(pact, 'a request to create a MESSAGING conversation').request.path).toBe(
      `${ENV}/conversations/c-2`,
    );
    const text = renderPactContract({ report: report(withSecret) }) ?? '';
    expect(text).not.toMatch(bearerShape);
    expect(text).not.toContain(BEARER);
    expect(text).not.toContain('tok-XYZ');
    expect(text).not.toContain('Bearer [redacted]');
  });

  it('leaves out probes, failures, cut bodies and exchanges of other bots', () => {
    const noise = [
      finding('CE-STATE-02', [
        http('GET', `${ENV}/state`, 200, { responseBody: '{"state":"ONLINE","version":"1"}' }),
        http('GET', `${ENV}/state`, 200, { responseBody: '{"state":"online"', truncated: true }),
        http('GET', `${ENV}/state`, 503, { responseBody: '{"state":"offline","version":"1"}' }),
        http('GET', '/v1/bots/other-bot/environments/draft/state', 200, {
          responseBody: '{"state":"online","version":"1"}',
        }),
        http('GET', `${ENV}/state`, 200, {
          responseBody: '{"state":"online","version":"1"}',
          origin: 'https://elsewhere.example.com',
        }),
      ]),
      finding('CE-EVENT-08', [
        http('POST', `${ENV}/conversations/${CONV}/events`, 400, {
          requestBody: '{"type":"TEXT"',
          responseBody: '{"error":"body is not valid JSON"}',
        }),
        http('POST', `${ENV}/conversations/${CONV}/events`, 200, {
          requestBody: JSON.stringify({ type: 'TYPING', data: {}, context: { lpEvent: {} } }),
          responseBody: reply('ok'),
        }),
        http('POST', `${ENV}/conversations/${CONV}/events`, 200, {
          requestBody: JSON.stringify({ type: 'CLOSE_CONVERSATION', data: {}, context: {} }),
          responseBody: reply('ok'),
        }),
        http('POST', `${ENV}/conversations/${CONV}/events`, 200, {
          requestBody: textEvent('Hi'),
          responseBody: '{"response":"not an array"}',
        }),
        http('PUT', `${ENV}/conversations/${CONV}`, 200, {
          requestBody: createBody('MESSAGING'),
          error: 'ECONNRESET',
        }),
        http('PUT', `${ENV}/conversations/${CONV}`, 409, { requestBody: createBody('MESSAGING') }),
      ]),
      finding('CE-ROUTE-04', [{ kind: 'note', text: 'no exchange' }]),
    ];
    expect(buildPactContract({ report: report(noise) })).toBeUndefined();
    expect(renderPactContract({ report: report(noise) })).toBeUndefined();
  });

  it('writes paths below a Base URL that has a path of its own', () => {
    const prefixed = goodRun.map((entry) => ({
      ...entry,
      evidence: entry.evidence.map((evidence) =>
        evidence.kind === 'http'
          ? {
              ...evidence,
              request: {
                ...evidence.request,
                url: evidence.request.url.replace(ORIGIN, `${ORIGIN}/api`),
              },
            }
          : evidence,
      ),
    }));
    const built = buildPactContract({
      report: report(prefixed, { baseUrl: `${ORIGIN}/api/` }),
    });
    expect(built?.interactions[0]?.request.path).toBe(`${ENV}/state`);
    expect(built?.interactions[1]?.request.matchingRules?.path?.matchers[0]).toEqual({
      match: 'regex',
      regex: '^/v1/bots/demo-bot/environments/draft/conversations/[^/]+$',
    });
  });

  it('gives no contract for a target that is not a Custom Endpoint', () => {
    const faas = {
      ...report(goodRun),
      target: { kind: 'faas', function: './my-function.js' },
    } satisfies Report;
    expect(renderPactContract({ report: faas })).toBeUndefined();
  });

  it('gives no contract for the sample run, whose only 2xx exchanges are malformed', () => {
    expect(renderPactContract(sampleInput())).toBeUndefined();
  });
});
