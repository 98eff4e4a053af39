// Spec: custom-endpoint.md §5 (E3 Create Conversation), §8.2-§8.3 (PUT then POST, 404
// recovery), §9 (status codes) and §10 (D5-D9): CE-CONV-01..07, by direct HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Check } from '../../harness/index.ts';
import { emptyAnswer, errorAnswer, jsonAnswer } from '../../mocks/index.ts';
import {
  type BenchContext,
  CandidateBench,
  isConversationPut,
} from '../custom-endpoint-shared/test-support/fixtures.ts';
import {
  ceConvChecks,
  conversationContextCheck,
  conversationScopeCheck,
  createConversationCheck,
  keepsConversationCheck,
  repeatedPutCheck,
  sdesCheck,
  unknownBotPutCheck,
} from './index.ts';

let bench: CandidateBench;
beforeAll(async () => {
  bench = await CandidateBench.start();
});
afterAll(() => bench.dispose());

const run = (check: Check, built: BenchContext) => check.run(built.context);

/** The example with its answers to PUTs replaced. */
const putAnswers = (replace: (status: number) => number | undefined) =>
  bench.example({
    hooks: {
      answer: (answer, context) => {
        if (context.route !== 'conversation' || answer.kind === 'silence') return answer;
        const status = replace(answer.status);
        if (status === undefined) return answer;
        return status < 300 ? emptyAnswer(status) : errorAnswer(status, 'replaced');
      },
    },
  });

describe('the built-in example', () => {
  const example = (): BenchContext => bench.base;

  it('has exactly one check per CE-CONV rule', () => {
    expect(ceConvChecks.map((check) => check.ruleId)).toEqual([
      'CE-CONV-01',
      'CE-CONV-02',
      'CE-CONV-03',
      'CE-CONV-04',
      'CE-CONV-05',
      'CE-CONV-06',
      'CE-CONV-07',
    ]);
  });

  it.each(ceConvChecks.map((check) => [check.ruleId, check] as const))(
    '%s passes the built-in example',
    async (_id, check) => {
      const outcome = await run(check, example());
      expect(outcome.status, outcome.message).toBe('pass');
    },
  );
});

describe('put-fails', () => {
  let putFails: BenchContext;
  beforeAll(async () => {
    putFails = await bench.broken('put-fails');
  });

  it.each([
    ['CE-CONV-01', createConversationCheck],
    ['CE-CONV-02', sdesCheck],
    ['CE-CONV-03', conversationContextCheck],
    ['CE-CONV-04', repeatedPutCheck],
  ] as const)('%s fails a bot whose PUT answers 500', async (_id, check) => {
    const outcome = await run(check, putFails);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('status 500');
    expect(outcome.evidence?.some((e) => e.kind === 'http' && e.response?.status === 500)).toBe(
      true,
    );
  });

  it('CE-CONV-05 judges the events when the PUT answered 500 but created the conversation', async () => {
    const outcome = await run(keepsConversationCheck, putFails);
    expect(outcome.status).toBe('pass');
  });

  it('CE-CONV-05 is skipped when the PUT created nothing', async () => {
    const built = await bench.example({
      guard: (request) =>
        isConversationPut(request) ? errorAnswer(500, 'internal error') : undefined,
    });
    const outcome = await run(keepsConversationCheck, built);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain('the PUT answered status 500 and the first event 404');
  });
});

describe('CE-CONV-01', () => {
  it('CE-CONV-01 passes a 204 (the reference implementation) with a warning', async () => {
    const outcome = await run(
      createConversationCheck,
      await putAnswers((s) => (s === 200 ? 204 : undefined)),
    );
    expect(outcome.status).toBe('pass-with-warning');
    expect(outcome.warnings).toEqual([
      'E3 answered 204, a documented variant (D5, the reference implementation); 200 is preferred (OpenAPI).',
    ]);
  });
});

describe('CE-CONV-02 and CE-CONV-03', () => {
  it('CE-CONV-02 fails a bot that requires sdes', async () => {
    const built = await bench.example({
      guard: (request) =>
        isConversationPut(request) && !(request.json as { sdes?: unknown }).sdes
          ? errorAnswer(400, 'sdes is required')
          : undefined,
    });
    const outcome = await run(sdesCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe('without sdes: status 400');
  });

  it('CE-CONV-03 fails a bot that takes skillId as a number only', async () => {
    const built = await bench.example({
      guard: (request) =>
        isConversationPut(request) &&
        typeof (request.json as { context: { skillId?: unknown } }).context.skillId !== 'number'
          ? errorAnswer(400, 'skillId must be a number')
          : undefined,
    });
    const outcome = await run(conversationContextCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe(
      'MESSAGING with skillId, engagementId and campaignId as numeric strings: status 400',
    );
  });

  it('CE-CONV-03 fails a bot that refuses CHAT conversations', async () => {
    const built = await bench.example({
      guard: (request) =>
        isConversationPut(request) &&
        (request.json as { context: { type?: unknown } }).context.type === 'CHAT'
          ? errorAnswer(400, 'unsupported type')
          : undefined,
    });
    const outcome = await run(conversationContextCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe(
      'CHAT with skillId, engagementId and campaignId as numbers: status 400',
    );
  });
});

describe('CE-CONV-04', () => {
  it('CE-CONV-04 passes an idempotent repeated PUT (2xx) with a warning', async () => {
    const outcome = await run(
      repeatedPutCheck,
      await putAnswers((s) => (s === 409 ? 204 : undefined)),
    );
    expect(outcome.status).toBe('pass-with-warning');
    expect(outcome.warnings?.[0]).toContain('The repeated PUT answered 204 (idempotent');
  });

  it('CE-CONV-04 fails a bot that answers 500 to a repeated PUT', async () => {
    const outcome = await run(
      repeatedPutCheck,
      await putAnswers((s) => (s === 409 ? 500 : undefined)),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe('the repeated PUT answered status 500');
  });
});

describe('CE-CONV-05', () => {
  it('CE-CONV-05 fails a bot that forgets its conversations (forgets-conversations)', async () => {
    const outcome = await run(keepsConversationCheck, await bench.broken('forgets-conversations'));
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('event 1 of 12: status 404');
  });

  it('CE-CONV-05 fails a bot that forgets a conversation after four events', async () => {
    const events = new Map<string, number>();
    const built = await bench.example({
      hooks: {
        answer: (answer, context) => {
          if (context.route !== 'event' || !context.params.convId) return answer;
          const count = (events.get(context.params.convId) ?? 0) + 1;
          events.set(context.params.convId, count);
          return count > 4 ? errorAnswer(404, 'conversation not found') : answer;
        },
      },
    });
    const outcome = await run(keepsConversationCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(/^event 5 of 12: status 404/);
  });

  it('CE-CONV-05 fails a bot that forgets a conversation idle for 200 ms (the pause is 300 ms)', async () => {
    const lastSeen = new Map<string, number>();
    const built = await bench.example({
      hooks: {
        answer: (answer, context) => {
          const { convId } = context.params;
          if (!convId || (context.route !== 'event' && context.route !== 'conversation')) {
            return answer;
          }
          const now = performance.now();
          const idle = now - (lastSeen.get(convId) ?? now);
          lastSeen.set(convId, now);
          return context.route === 'event' && idle > 200
            ? errorAnswer(404, 'conversation not found')
            : answer;
        },
      },
    });
    const outcome = await run(keepsConversationCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(/^event \d+ of 12: status 404/);
  });

  const answersRichContent = (status: number) =>
    bench.example({
      guard: (request) =>
        request.method === 'POST' && (request.json as { type?: unknown })?.type === 'RICH_CONTENT'
          ? errorAnswer(status, 'rich content')
          : undefined,
    });

  it('CE-CONV-05 leaves a 400 to RICH_CONTENT to CE-EVENT-04: the conversation was found', async () => {
    const outcome = await run(keepsConversationCheck, await answersRichContent(400));
    expect(outcome.status, outcome.message).toBe('pass');
    expect(outcome.message).toContain('TEXT, RICH_CONTENT and START');
  });

  it('CE-CONV-05 fails a 404 to RICH_CONTENT: the conversation was forgotten there', async () => {
    const outcome = await run(keepsConversationCheck, await answersRichContent(404));
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe(
      'event 4 of 12 (RICH_CONTENT): status 404; event 10 of 12 (RICH_CONTENT): status 404',
    );
  });
});

describe('CE-CONV-06', () => {
  it('CE-CONV-06 reports a 2xx for an unknown bot (the reference implementation) as a warning', async () => {
    const outcome = await run(
      unknownBotPutCheck,
      await putAnswers((s) => (s === 404 ? 204 : undefined)),
    );
    expect(outcome.status).toBe('pass-with-warning');
    expect(outcome.warnings).toHaveLength(2);
    expect(outcome.warnings?.[0]).toMatch(
      /^INFO: the PUT for the unknown bot .* answered 204, as the reference implementation does \(D7/,
    );
  });

  it('CE-CONV-06 fails a bot that answers 500 for an unknown bot', async () => {
    const outcome = await run(
      unknownBotPutCheck,
      await putAnswers((s) => (s === 404 ? 500 : undefined)),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(
      /^status 500 for the unknown bot .*; status 500 for the unknown environment/,
    );
  });
});

describe('CE-CONV-07', () => {
  it('CE-CONV-07 passes a bot with two environments that keeps them apart', async () => {
    const outcome = await run(
      conversationScopeCheck,
      await bench.example({ environments: ['draft', 'production'] }),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('the bot\'s other environment "production"');
  });

  it('CE-CONV-07 fails a bot that keys conversations by convId only', async () => {
    const created = new Set<string>();
    const built = await bench.example({
      environments: ['draft', 'production'],
      hooks: {
        answer: (answer, context) => {
          const { convId } = context.params;
          if (context.route === 'conversation' && answer.kind === 'raw' && convId)
            created.add(convId);
          if (
            context.route === 'event' &&
            answer.kind === 'json' &&
            answer.status === 404 &&
            convId &&
            created.has(convId)
          ) {
            return jsonAnswer(200, {
              response: [{ type: 'TEXT', data: { message: 'Hi' } }],
              analytics: { intents: [] },
            });
          }
          return answer;
        },
      },
    });
    const outcome = await run(conversationScopeCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('under the bot\'s other environment "production"');
    expect(outcome.actual).toBe('status 200');
  });
});
