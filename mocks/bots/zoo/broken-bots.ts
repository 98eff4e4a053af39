import { setTimeout as delay } from 'node:timers/promises';
import type { CustomEndpointEventResponseBody } from '../../../schemas/index.ts';
import {
  buildCustomEndpointReply,
  type EndpointAnswer,
  type ExampleCustomEndpointHooks,
  type ExampleCustomEndpointOptions,
  errorAnswer,
  jsonAnswer,
  type RunningCustomEndpoint,
  startExampleCustomEndpoint,
} from '../example-custom-endpoint/index.ts';
import { classifyText } from '../example-intents.ts';

/** The rule groups of the golden corpus (STYLE.md rule 15): one broken bot at least per group. */
export type BrokenBotRuleGroup =
  | 'auth'
  | 'state'
  | 'conversation'
  | 'event-handling'
  | 'reply-shape'
  | 'structured-content'
  | 'escalation'
  | 'timeouts';

export interface BrokenBotOptions extends Omit<ExampleCustomEndpointOptions, 'hooks'> {
  /** `slow-answers` only: how long an event waits for its answer; default 61 000 ms. */
  delayMs?: number;
}

/** A known-bad Custom Endpoint: the example service with exactly one behaviour broken. */
export interface BrokenBot {
  name: string;
  ruleGroup: BrokenBotRuleGroup;
  /** The flaw, in one sentence. */
  flaw: string;
  /** The rules a run against this bot must fail (MUST or SHOULD), most direct first. */
  rules: readonly string[];
  /** The error-escalation code the mock TPB engine should record for it, when one applies. */
  escalationCode?: string;
  start(options: BrokenBotOptions): Promise<RunningCustomEndpoint>;
}

const lpError = 'com.liveperson.bot-connectors-worker.error.';

/** Default delay of `slow-answers`: over the platform's 60 s per-request timeout (CE-ROUTE-03). */
export const slowAnswerDefaultDelayMs = 61_000;

/** Starts the example with one hook (or option) overridden. */
const broken =
  (
    hooks: (options: BrokenBotOptions) => ExampleCustomEndpointHooks,
    overrides: (options: BrokenBotOptions) => Partial<ExampleCustomEndpointOptions> = () => ({}),
  ) =>
  (options: BrokenBotOptions): Promise<RunningCustomEndpoint> => {
    const { delayMs: _delayMs, ...exampleOptions } = options;
    return startExampleCustomEndpoint({
      ...exampleOptions,
      ...overrides(options),
      hooks: hooks(options),
    });
  };

/** Rewrites the body of every successful E4 reply. */
const rewriteReplies = (
  rewrite: (body: CustomEndpointEventResponseBody) => unknown,
): ExampleCustomEndpointHooks => ({
  answer: (answer, context) =>
    context.route === 'event' && answer.kind === 'json' && answer.status === 200
      ? jsonAnswer(200, rewrite(answer.body as CustomEndpointEventResponseBody))
      : answer,
});

const isSuccess = (answer: EndpointAnswer) => answer.kind !== 'silence' && answer.status === 200;

/**
 * The broken-bot zoo: known-bad Custom Endpoints, at least one per rule group, each with the
 * rules it must fail. Tests iterate over it; the harness's golden corpus runs each one.
 */
export const brokenBots: readonly BrokenBot[] = [
  {
    name: 'accepts-any-token',
    ruleGroup: 'auth',
    flaw: 'It never verifies the bearer: requests without a token, with alg none, forged or expired tokens all get 200.',
    rules: [
      'SEC-01',
      'SEC-02',
      'SEC-03',
      'SEC-04',
      'SEC-05',
      'SEC-06',
      'SEC-07',
      'SEC-08',
      'SEC-09',
      'SEC-10',
    ],
    start: broken(() => ({ authorize: () => ({ ok: true, claims: {} }) })),
  },
  {
    name: 'rejects-valid-tokens',
    ruleGroup: 'auth',
    flaw: 'It answers 401 to every request, valid Sentinel tokens included.',
    rules: ['CE-AUTH-01', 'CE-AUTH-02', 'FLOW-01', 'SEC-11'],
    start: broken(() => ({
      authorize: () => ({ ok: false, status: 401, reason: 'invalid token' }),
    })),
  },
  {
    name: 'leaky-errors',
    ruleGroup: 'auth',
    flaw: 'Its 401 bodies echo the Authorization header and a stack trace with file paths.',
    rules: ['SEC-12', 'SEC-13'],
    start: broken(() => ({
      answer: (answer, context) =>
        answer.kind === 'json' && answer.status === 401
          ? jsonAnswer(401, {
              error: 'invalid token',
              authorization: context.headers.authorization ?? null,
              stack: new Error('token verification failed').stack,
            })
          : answer,
    })),
  },
  {
    name: 'upper-case-state',
    ruleGroup: 'state',
    flaw: 'E2 reports state "ONLINE" in upper case, which is not one of the lower-case states.',
    rules: ['CE-STATE-01', 'CE-STATE-02', 'FLOW-01'],
    start: broken((options) => ({
      answer: (answer, context) =>
        context.route === 'state' && isSuccess(answer)
          ? jsonAnswer(200, { state: 'ONLINE', version: options.version ?? '1.0.0' })
          : answer,
    })),
  },
  {
    name: 'put-fails',
    ruleGroup: 'conversation',
    flaw: 'E3 answers 500 to every create-conversation PUT.',
    rules: ['CE-CONV-01', 'CE-CONV-02', 'CE-CONV-03', 'CE-CONV-04', 'FLOW-02', 'FLOW-10'],
    escalationCode: 'tpb-conformance.mock.customendpoint.http-500',
    start: broken(() => ({
      answer: (answer, context) =>
        context.route === 'conversation' ? errorAnswer(500, 'internal error') : answer,
    })),
  },
  {
    name: 'forgets-conversations',
    ruleGroup: 'conversation',
    flaw: 'It keeps no conversation state: every event POST answers 404, even right after a successful PUT.',
    rules: ['CE-CONV-05', 'FLOW-02', 'FLOW-09', 'FLOW-10'],
    escalationCode: 'tpb-conformance.mock.customendpoint.http-404',
    start: broken(() => ({
      answer: (answer, context) =>
        context.route === 'event' && isSuccess(answer)
          ? errorAnswer(404, 'conversation not found')
          : answer,
    })),
  },
  {
    name: 'start-crashes',
    ruleGroup: 'event-handling',
    flaw: 'It answers 500 to the START (welcome) event.',
    rules: ['CE-EVENT-05', 'FLOW-03', 'FLOW-04', 'FLOW-10'],
    escalationCode: 'tpb-conformance.mock.customendpoint.http-500',
    start: broken(() => ({
      answer: (answer, context) =>
        context.event?.type === 'START' ? errorAnswer(500, 'internal error') : answer,
    })),
  },
  {
    name: 'non-json-reply',
    ruleGroup: 'event-handling',
    flaw: 'It answers events with 200 and the plain-text body "OK" instead of JSON.',
    rules: ['CE-ROUTE-05', 'CE-EVENT-02', 'FLOW-10'],
    escalationCode: 'tpb-conformance.mock.customendpoint.invalid-json',
    start: broken(() => ({
      answer: (answer, context) =>
        context.route === 'event' && isSuccess(answer)
          ? { kind: 'raw', status: 200, text: 'OK', contentType: 'text/plain' }
          : answer,
    })),
  },
  {
    name: 'lower-case-item-type',
    ruleGroup: 'reply-shape',
    flaw: 'Its reply items say type "text", "action", … in lower case.',
    rules: ['CE-EVENT-03', 'FLOW-10'],
    escalationCode: 'tpb-conformance.mock.customendpoint.invalid-response',
    start: broken(() =>
      rewriteReplies((body) => ({
        ...body,
        response: body.response.map((item) => ({ ...item, type: item.type.toLowerCase() })),
      })),
    ),
  },
  {
    name: 'two-actions',
    ruleGroup: 'reply-shape',
    flaw: 'It answers the transfer utterance with a TRANSFER and a CLOSE_CONVERSATION action in one reply.',
    rules: ['BOT-REPLY-02', 'FLOW-06', 'FLOW-10'],
    escalationCode: 'tpb-conformance.mock.multiple-actions',
    start: broken(() =>
      rewriteReplies((body) =>
        body.response.some((item) => item.type === 'ACTION' && item.data.name === 'TRANSFER')
          ? {
              ...body,
              response: [
                ...body.response,
                { type: 'ACTION', data: { name: 'CLOSE_CONVERSATION', parameters: {} } },
              ],
            }
          : body,
      ),
    ),
  },
  {
    name: 'http-image',
    ruleGroup: 'structured-content',
    flaw: 'Its card shows an image over http:// instead of https://.',
    rules: ['BOT-SC-06'],
    start: broken(() =>
      rewriteReplies((body) => ({
        ...body,
        response: body.response.map((item) =>
          item.type === 'STRUCTURED_CONTENT'
            ? {
                ...item,
                data: { ...item.data, structuredContent: httpImages(item.data.structuredContent) },
              }
            : item,
        ),
      })),
    ),
  },
  {
    name: 'quick-replies-in-chat',
    ruleGroup: 'structured-content',
    flaw: 'It sends quick replies in chat conversations too, where they are not supported.',
    rules: ['BOT-SC-03', 'FLOW-10'],
    escalationCode: `${lpError}pipes.verify-ai-response.quick-replies-not-supported`,
    start: broken(() => ({
      answer: (answer, context) =>
        context.event?.type === 'TEXT' &&
        context.replyContext?.conversationType === 'CHAT' &&
        classifyText(context.event.message) === 'quick-replies' &&
        isSuccess(answer)
          ? jsonAnswer(
              200,
              buildCustomEndpointReply(context.event, {
                ...context.replyContext,
                conversationType: 'MESSAGING',
              }),
            )
          : answer,
    })),
  },
  {
    name: 'empty-reply',
    ruleGroup: 'escalation',
    flaw: 'It answers every event with an empty response array (no messages, no action).',
    rules: ['BOT-REPLY-01', 'FLOW-03', 'FLOW-10'],
    escalationCode: `${lpError}pipes.verify-ai-response.missing-action-and-messages`,
    start: broken(() => rewriteReplies((body) => ({ ...body, response: [] }))),
  },
  {
    name: 'unknown-transfer-skill',
    ruleGroup: 'escalation',
    flaw: 'It transfers to the configured skill name in upper case (e.g. "HUMAN"), a skill the account does not have: names are case-sensitive.',
    rules: ['BOT-REPLY-05', 'FLOW-06', 'FLOW-10'],
    escalationCode: `${lpError}pipes.messaging-handle-bot-action.transfer-skill-not-existing`,
    start: broken(
      () => ({}),
      (options) => ({ transferSkill: (options.transferSkill ?? 'human').toUpperCase() }),
    ),
  },
  {
    name: 'never-answers',
    ruleGroup: 'timeouts',
    flaw: 'It never answers an event POST: the request stays open until the caller gives up.',
    rules: ['CE-ROUTE-03', 'FLOW-10'],
    escalationCode: 'tpb-conformance.mock.customendpoint.timeout',
    start: broken(() => ({
      answer: (answer, context) => (context.route === 'event' ? { kind: 'silence' } : answer),
    })),
  },
  {
    name: 'slow-answers',
    ruleGroup: 'timeouts',
    flaw: 'It answers every event POST only after delayMs (default 61 s, over the 60 s platform timeout).',
    rules: ['CE-ROUTE-03', 'CE-ROUTE-04', 'FLOW-10'],
    escalationCode: 'tpb-conformance.mock.customendpoint.timeout',
    start: broken((options) => ({
      answer: async (answer, context) => {
        if (context.route !== 'event') return answer;
        await delay(options.delayMs ?? slowAnswerDefaultDelayMs, undefined, {
          signal: context.signal,
        });
        return answer;
      },
    })),
  },
];

/** Rewrites every image URL of a structured-content body to http://. */
function httpImages(node: Record<string, unknown>): Record<string, unknown> {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value).map(([key, child]) => [key, walk(child)] as const);
    const copy: Record<string, unknown> = Object.fromEntries(entries);
    if (copy.type === 'image' && typeof copy.url === 'string') {
      copy.url = copy.url.replace(/^https:\/\//, 'http://');
    }
    return copy;
  };
  return walk(node) as Record<string, unknown>;
}

/** A broken bot by name; throws for an unknown name. */
export function brokenBot(name: string): BrokenBot {
  const bot = brokenBots.find((candidate) => candidate.name === name);
  if (!bot) {
    throw new Error(
      `Failed to find broken bot "${name}". Known: ${brokenBots.map((b) => b.name).join(', ')}.`,
    );
  }
  return bot;
}
