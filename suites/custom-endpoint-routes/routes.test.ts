// Spec: custom-endpoint.md §1 (conventions, path parameters), §2 (routes), §3 (E1), §8.4
// (60 s per-request timeout) and §9 (status codes): CE-ROUTE-01..06, by direct HTTP.
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Check, customEndpointTarget } from '../../harness/index.ts';
import { errorAnswer } from '../../mocks/index.ts';
import {
  type BenchContext,
  CandidateBench,
  isConversationPut,
} from '../custom-endpoint-shared/test-support/fixtures.ts';
import {
  answeredInTimeCheck,
  botIdFormatCheck,
  ceRouteChecks,
  createRouteLatencyCheck,
  environmentsServedCheck,
  jsonBodiesCheck,
  percentile,
  routeLatencyCheck,
  routesServedCheck,
} from './index.ts';

let bench: CandidateBench;
beforeAll(async () => {
  bench = await CandidateBench.start();
});
afterAll(() => bench.dispose());

const run = (check: Check, built: BenchContext) => check.run(built.context);

describe('the built-in example', () => {
  const example = (): BenchContext => bench.base;

  it('has exactly one check per CE-ROUTE rule', () => {
    expect(ceRouteChecks.map((check) => check.ruleId)).toEqual([
      'CE-ROUTE-01',
      'CE-ROUTE-02',
      'CE-ROUTE-03',
      'CE-ROUTE-04',
      'CE-ROUTE-05',
      'CE-ROUTE-06',
    ]);
  });

  it.each(ceRouteChecks.map((check) => [check.ruleId, check] as const))(
    '%s passes the built-in example',
    async (_id, check) => {
      const outcome = await run(check, example());
      expect(outcome.status, outcome.message).toBe('pass');
      expect(outcome.message.startsWith(check.ruleId)).toBe(true);
    },
  );
});

describe('CE-ROUTE-01', () => {
  it('CE-ROUTE-01 fails a bot whose state route answers 404', async () => {
    const built = await bench.example({
      hooks: {
        answer: (answer, context) =>
          context.route === 'state' ? errorAnswer(404, 'not found') : answer,
      },
    });
    const outcome = await run(routesServedCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('E2 GET …/state answered 404');
    expect(outcome.evidence?.some((e) => e.kind === 'http')).toBe(true);
  });

  it('CE-ROUTE-01 fails a bot that answers 404 to E4 right after the PUT (forgets-conversations)', async () => {
    const outcome = await run(routesServedCheck, await bench.broken('forgets-conversations'));
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('for the conversation just created');
  });

  it('CE-ROUTE-01 counts a 500 as served (put-fails)', async () => {
    const outcome = await run(routesServedCheck, await bench.broken('put-fails'));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('E3 (500)');
  });

  it('CE-ROUTE-01 does not blame E4 for a 404 when the PUT created nothing', async () => {
    const built = await bench.example({
      guard: (request) =>
        isConversationPut(request) ? errorAnswer(500, 'internal error') : undefined,
    });
    const outcome = await run(routesServedCheck, built);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain('the PUT answered status 500');
  });
});

describe('CE-ROUTE-02', () => {
  it('CE-ROUTE-02 fails a bot that does not serve E1', async () => {
    const built = await bench.example({
      hooks: {
        answer: (answer, context) =>
          context.route === 'environments' ? errorAnswer(404, 'not found') : answer,
      },
    });
    const outcome = await run(environmentsServedCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe('status 404');
  });
});

describe('CE-ROUTE-03', () => {
  it('CE-ROUTE-03 fails a bot that never answers an event', async () => {
    const outcome = await run(
      answeredInTimeCheck,
      await bench.broken('never-answers', { timeoutMs: 300 }),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'E4 POST …/conversations/{convId}/events: no response (timeout after 300 ms)',
    );
    const http = outcome.evidence?.find((e) => e.kind === 'http' && e.error !== undefined);
    expect(http).toMatchObject({ kind: 'http', error: 'timeout after 300 ms' });
  });

  it('CE-ROUTE-03 fails a bot that answers after the timeout (slow-answers)', async () => {
    const outcome = await run(
      answeredInTimeCheck,
      await bench.broken('slow-answers', { timeoutMs: 300, delayMs: 1000 }),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('timeout after 300 ms');
  });
});

describe('CE-ROUTE-04', () => {
  it('computes nearest-rank percentiles, an unanswered request being endless', () => {
    const values = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile([1, Number.POSITIVE_INFINITY], 95)).toBe(Number.POSITIVE_INFINITY);
  });

  it('CE-ROUTE-04 fails a bot whose events outlast the run timeout (slow-answers)', async () => {
    const outcome = await run(
      routeLatencyCheck,
      await bench.broken('slow-answers', { timeoutMs: 300, delayMs: 1000 }),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe('E4 p95 no answer');
    expect(outcome.expected).toBe('p95 ≤ 300 ms');
  });

  it('CE-ROUTE-04 fails a bot whose state answers above a configured p95 limit', async () => {
    const built = await bench.example({
      hooks: {
        answer: async (answer, context) => {
          if (context.route === 'state') await delay(60, undefined, { signal: context.signal });
          return answer;
        },
      },
    });
    const outcome = await run(createRouteLatencyCheck({ p95LimitMs: 40, samples: 3 }), built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(/^E2 p95 \d+ ms$/);
    expect(outcome.evidence?.[0]).toMatchObject({ kind: 'note' });
  });
});

describe('CE-ROUTE-05', () => {
  it('CE-ROUTE-05 fails a bot that answers events with plain text (non-json-reply)', async () => {
    const outcome = await run(jsonBodiesCheck, await bench.broken('non-json-reply'));
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('E4 TEXT 200 with "OK"');
  });

  it('CE-ROUTE-05 passes JSON sent as text/plain with a warning', async () => {
    const built = await bench.example({
      hooks: {
        answer: (answer, context) =>
          context.route === 'state' && answer.kind === 'json'
            ? {
                kind: 'raw',
                status: 200,
                text: JSON.stringify(answer.body),
                contentType: 'text/plain',
              }
            : answer,
      },
    });
    const outcome = await run(jsonBodiesCheck, built);
    expect(outcome.status).toBe('pass-with-warning');
    expect(outcome.warnings).toEqual([
      'E2 answered JSON with Content-Type "text/plain"; application/json is expected.',
    ]);
  });
});

describe('CE-ROUTE-06', () => {
  const example = (): BenchContext => bench.base;
  const withBotId = (botId: string) => {
    const { context } = example();
    const target = customEndpointTarget(context.target);
    if (!target) throw new Error('The bench certifies Custom Endpoints only.');
    return { ...context, target: { ...target, address: { ...target.address, botId } } };
  };

  it('CE-ROUTE-06 fails a botId with characters outside [A-Za-z0-9-]', async () => {
    const outcome = await botIdFormatCheck.run(withBotId('my_bot.v2'));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('"_", "."');
  });

  it('CE-ROUTE-06 fails a botId longer than 36 characters', async () => {
    const outcome = await botIdFormatCheck.run(withBotId('a'.repeat(37)));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('37 characters');
  });
});
