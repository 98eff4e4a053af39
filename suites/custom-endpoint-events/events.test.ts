// Spec: custom-endpoint.md §6 (E4 Send Conversation Event: envelope, lpEvent, response), §8.3
// (404 recovery), §9 (status codes) and §10 (D1-D4): CE-EVENT-01..08, by direct HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Check } from '../../harness/index.ts';
import { errorAnswer, jsonAnswer } from '../../mocks/index.ts';
import { conversationScopeCheck } from '../custom-endpoint-conversation/index.ts';
import {
  type BenchContext,
  CandidateBench,
  isEventPost,
} from '../custom-endpoint-shared/test-support/fixtures.ts';
import {
  ceEventChecks,
  itemProblem,
  malformedEventsCheck,
  responseItemsCheck,
  richContentEventCheck,
  startEventCheck,
  textEventCheck,
  tolerantReadingCheck,
  unknownConversationCheck,
  variantEventsCheck,
} from './index.ts';

let bench: CandidateBench;
beforeAll(async () => {
  bench = await CandidateBench.start();
});
afterAll(() => bench.dispose());

const run = (check: Check, built: BenchContext) => check.run(built.context);

/** The example with its answers to events of `types` replaced by `status`. */
const eventAnswers = (types: readonly string[], status: number) =>
  bench.example({
    hooks: {
      answer: (answer, context) =>
        context.route === 'event' && context.event && types.includes(context.event.type)
          ? errorAnswer(status, 'replaced')
          : answer,
    },
  });

describe('the built-in example', () => {
  const example = (): BenchContext => bench.base;

  it('has exactly one check per CE-EVENT rule', () => {
    expect(ceEventChecks.map((check) => check.ruleId)).toEqual([
      'CE-EVENT-01',
      'CE-EVENT-02',
      'CE-EVENT-03',
      'CE-EVENT-04',
      'CE-EVENT-05',
      'CE-EVENT-06',
      'CE-EVENT-07',
      'CE-EVENT-08',
    ]);
  });

  it.each(ceEventChecks.map((check) => [check.ruleId, check] as const))(
    '%s passes the built-in example',
    async (_id, check) => {
      const outcome = await run(check, example());
      expect(outcome.status, outcome.message).toBe('pass');
    },
  );
});

describe('CE-EVENT-01', () => {
  it('CE-EVENT-01 fails a bot that answers events for conversations it does not know', async () => {
    const built = await bench.example({
      hooks: {
        answer: (answer, context) =>
          context.route === 'event' && answer.kind === 'json' && answer.status === 404
            ? jsonAnswer(200, {
                response: [{ type: 'TEXT', data: { message: 'Hi' } }],
                analytics: {},
              })
            : answer,
      },
    });
    const outcome = await run(unknownConversationCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(
      /^status 200 for a conversation never created .*; status 200 for the unknown bot .*; status 200 for the unknown environment/,
    );
  });
});

describe('CE-EVENT-01 across environments', () => {
  it('fails a bot that finds a conversation under any bot or environment (keyed by convId only)', async () => {
    const created = new Set<string>();
    const built = await bench.example({
      hooks: {
        answer: (answer, context) => {
          const { convId } = context.params;
          if (context.route === 'conversation' && convId) created.add(convId);
          if (context.route !== 'event' || answer.kind !== 'json' || answer.status !== 404) {
            return answer;
          }
          return convId && created.has(convId)
            ? jsonAnswer(200, {
                response: [{ type: 'TEXT', data: { message: 'Hi' } }],
                analytics: {},
              })
            : answer;
        },
      },
    });
    const outcome = await run(unknownConversationCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(
      /^status 200 for the unknown environment "[^"]+" for a conversation that exists in "draft"; status 200 for the unknown bot "[^"]+" for a conversation that exists under the configured bot$/,
    );
  });

  it('passes a bot that shares conversations between its own environments only (CE-CONV-07, a SHOULD)', async () => {
    const own = ['draft', 'production'];
    const createdBy = new Map<string, string>();
    const built = await bench.example({
      environments: own,
      hooks: {
        answer: (answer, context) => {
          const { botId, convId, environment } = context.params;
          if (context.route === 'conversation' && convId && botId) createdBy.set(convId, botId);
          const sharedHere =
            context.route === 'event' &&
            answer.kind === 'json' &&
            answer.status === 404 &&
            convId !== undefined &&
            createdBy.get(convId) === botId &&
            own.includes(environment ?? '');
          return sharedHere
            ? jsonAnswer(200, {
                response: [{ type: 'TEXT', data: { message: 'Hi' } }],
                analytics: {},
              })
            : answer;
        },
      },
    });
    const outcome = await run(unknownConversationCheck, built);
    expect(outcome.status, outcome.message).toBe('pass');
    const scope = await run(conversationScopeCheck, built);
    expect(scope.status).toBe('fail');
    expect(scope.actual).toBe('status 200');
  });
});

describe('CE-EVENT-02', () => {
  it('CE-EVENT-02 fails a bot that answers "OK" as plain text (non-json-reply)', async () => {
    const outcome = await run(textEventCheck, await bench.broken('non-json-reply'));
    expect(outcome.status).toBe('fail');
    // The parser's own words follow the quoted body.
    expect(outcome.actual).toMatch(/^status 200 with a body that is not JSON \("OK": .+\)$/);
  });

  it('CE-EVENT-02 fails a reply without analytics', async () => {
    const built = await bench.example({
      hooks: {
        answer: (answer, context) =>
          context.route === 'event' && answer.kind === 'json' && answer.status === 200
            ? jsonAnswer(200, { response: (answer.body as { response: unknown }).response })
            : answer,
      },
    });
    const outcome = await run(textEventCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe('status 200 where "analytics" is missing, not an object');
  });
});

describe('CE-EVENT-03', () => {
  it('CE-EVENT-03 fails a bot whose item types are lower case (lower-case-item-type)', async () => {
    const outcome = await run(responseItemsCheck, await bench.broken('lower-case-item-type'));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'has type "text", not one of "TEXT", "STRUCTURED_CONTENT", "DELAY", "ACTION" (types are upper case: "TEXT")',
    );
    expect(outcome.evidence?.every((e) => e.kind === 'http')).toBe(true);
  });

  it('names the missing required field of each item type', () => {
    expect(itemProblem({ type: 'TEXT', data: { text: 'hi' } })).toBe(
      '(TEXT) has data.message missing, not a string',
    );
    expect(itemProblem({ type: 'STRUCTURED_CONTENT', data: { structuredContent: [] } })).toBe(
      '(STRUCTURED_CONTENT) has data.structuredContent an array, not an object',
    );
    expect(itemProblem({ type: 'DELAY', data: { seconds: '2' } })).toBe(
      '(DELAY) has data.seconds "2", not a number',
    );
    expect(itemProblem({ type: 'ACTION', data: { parameters: {} } })).toBe(
      '(ACTION) has data.name missing, not a string',
    );
    expect(
      itemProblem({
        type: 'ACTION',
        data: { name: 'TRANSFER', parameters: { skillName: 'human' } },
      }),
    ).toBeUndefined();
  });
});

describe('CE-EVENT-04', () => {
  it('CE-EVENT-04 fails a bot that answers with an empty response (empty-reply)', async () => {
    const outcome = await run(richContentEventCheck, await bench.broken('empty-reply'));
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('it has neither messages nor an action');
  });

  it('CE-EVENT-04 fails a bot that refuses rich content', async () => {
    const outcome = await run(richContentEventCheck, await eventAnswers(['RICH_CONTENT'], 400));
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe('status 400');
  });
});

describe('CE-EVENT-05', () => {
  it('CE-EVENT-05 fails a bot that crashes on START (start-crashes)', async () => {
    const outcome = await run(startEventCheck, await bench.broken('start-crashes'));
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe(
      'chat START (chat line, no lastConsumerMessage): status 500; messaging START with lastConsumerMessage "Hello there": status 500; messaging START without lastConsumerMessage: status 500',
    );
  });
});

describe('CE-EVENT-06', () => {
  const variants = ['CONVERSATION', 'hosted-file', 'CLOSE_CONVERSATION'];

  it('CE-EVENT-06 fails a bot that answers 500 to OpenAPI-only and survey events', async () => {
    const outcome = await run(variantEventsCheck, await eventAnswers(variants, 500));
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('CONVERSATION STARTED: status 500');
    expect(outcome.actual).toContain('CLOSE_CONVERSATION: status 500');
  });

  it('CE-EVENT-06 passes a bot that answers them 400, as the reference implementation does', async () => {
    const outcome = await run(variantEventsCheck, await eventAnswers(variants, 400));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('hosted-file status 400');
  });
});

describe('CE-EVENT-07', () => {
  it('CE-EVENT-07 fails a bot that requires source', async () => {
    const built = await bench.example({
      guard: (request) =>
        isEventPost(request) &&
        (request.json as { source?: unknown } | undefined)?.source === undefined
          ? errorAnswer(400, 'source is required')
          : undefined,
    });
    const outcome = await run(tolerantReadingCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe(
      'messaging TEXT without source: status 400; chat TEXT (chat line lpEvent) without source: status 400',
    );
  });

  it('CE-EVENT-07 fails a bot that cannot read the chat lpEvent shape', async () => {
    const built = await bench.example({
      hooks: {
        answer: (answer, context) =>
          context.event && '@type' in context.event.lpEvent
            ? errorAnswer(500, 'lpEvent.event missing')
            : answer,
      },
    });
    const outcome = await run(tolerantReadingCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe(
      'chat TEXT (chat line lpEvent) with source: status 500; chat TEXT (chat line lpEvent) without source: status 500',
    );
  });

  it('CE-EVENT-07 fails a bot that refuses unknown keys', async () => {
    const built = await bench.example({
      guard: (request) =>
        isEventPost(request) && request.body.includes('tpbConformanceFutureKey')
          ? errorAnswer(400, 'unknown key')
          : undefined,
    });
    const outcome = await run(tolerantReadingCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain(
      'messaging TEXT with unknown keys in the body and in context: status 400',
    );
    expect(outcome.actual).toContain('messaging TEXT with unknown keys in context.lpEvent');
  });
});

describe('CE-EVENT-08', () => {
  it('CE-EVENT-08 fails a bot that answers malformed bodies with 500', async () => {
    const built = await bench.example({
      hooks: {
        answer: (answer, context) =>
          context.route === 'event' && answer.kind === 'json' && answer.status === 400
            ? errorAnswer(500, 'internal error')
            : answer,
      },
    });
    const outcome = await run(malformedEventsCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe(
      'invalid JSON: status 500; missing context: status 500; missing data.message: status 500; unknown type "TYPING": status 500',
    );
  });

  it('CE-EVENT-08 fails a bot that answers an unknown type with 200', async () => {
    const built = await bench.example({
      guard: (request) =>
        isEventPost(request) && (request.json as { type?: unknown } | undefined)?.type === 'TYPING'
          ? jsonAnswer(200, { response: [], analytics: {} })
          : undefined,
    });
    const outcome = await run(malformedEventsCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe('unknown type "TYPING": status 200');
  });

  it('CE-EVENT-08 passes another 4xx than 400 with a warning', async () => {
    const built = await bench.example({
      hooks: {
        answer: (answer, context) =>
          context.route === 'event' && answer.kind === 'json' && answer.status === 400
            ? errorAnswer(422, 'unprocessable')
            : answer,
      },
    });
    const outcome = await run(malformedEventsCheck, built);
    expect(outcome.status).toBe('pass-with-warning');
    expect(outcome.warnings).toContain('invalid JSON answered 422; 400 is preferred.');
  });
});
