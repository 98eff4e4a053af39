// Spec: decision 0007 (tolerant reading). A conformant Custom Endpoint whose replies carry keys
// LivePerson's OpenAPI does not name, at the top and in every item, gets exactly the verdicts of
// the built-in example, except CE-EVENT-03, which passes with a warning naming the keys.
import { describe, expect, it } from 'vitest';
import { buildContext } from '../../harness/index.ts';
import {
  type ExampleCustomEndpointHooks,
  jsonAnswer,
  startExampleCustomEndpoint,
} from '../../mocks/index.ts';
import type { Report } from '../../schemas/index.ts';
import { builtInContext } from '../test-support/contexts.ts';
import { certifyReport } from '../zoo/test-support/certify-zoo.ts';
import { unknownKeys } from './unknown-keys.ts';

/** Adds `traceId` to every 200 event reply and `id` to each of its items. */
const withUnknownKeys: ExampleCustomEndpointHooks = {
  answer(answer, context) {
    if (context.route !== 'event' || answer.kind !== 'json' || answer.status !== 200) return answer;
    const body = answer.body as { response: Array<Record<string, unknown>> };
    return jsonAnswer(200, {
      ...body,
      traceId: 'trace-1',
      response: body.response.map((item, index) => ({ ...item, id: `item-${index}` })),
    });
  },
};

const verdicts = (report: Report) =>
  Object.fromEntries(report.results.map((result) => [result.ruleId, result.status]));

describe('a conformant bot whose replies carry unknown keys', () => {
  it('gets the example verdicts, with only a CE-EVENT-03 warning', {
    timeout: 60_000,
  }, async () => {
    const example = await certifyReport(await builtInContext());
    const report = await certifyReport(
      await buildContext(
        { timeoutMs: 2000 },
        {
          startCandidate: (cloud) =>
            startExampleCustomEndpoint({
              auth: { jwksUrl: cloud.urls.jwksUrl, ca: cloud.certificates.caCertPem },
              hooks: withUnknownKeys,
            }),
        },
      ),
    );

    expect(verdicts(example)['CE-EVENT-03']).toBe('pass');
    expect(verdicts(report)).toEqual({ ...verdicts(example), 'CE-EVENT-03': 'pass-with-warning' });
    expect(report.results.filter((result) => result.status === 'fail')).toEqual([]);
    expect(report.verdict).toBe('pass');
    const [warning, ...others] =
      report.results.find((result) => result.ruleId === 'CE-EVENT-03')?.warnings ?? [];
    expect(others).toEqual([]);
    expect(warning).toMatch(/^\d+ replies carry keys the OpenAPI does not name/);
    expect(warning).toContain('/traceId');
    expect(warning).toContain('/response/0/id');
  });
});

describe('unknownKeys', () => {
  it('names the keys the OpenAPI does not name, at every level', () => {
    const body = {
      response: [
        { type: 'TEXT', data: { message: 'Hi', mesage: 'typo' }, id: 1 },
        { type: 'DELAY', data: { seconds: 1, typing: false, unit: 's' } },
        {
          type: 'ACTION',
          data: {
            name: 'TRANSFER',
            parameters: { skillName: 'human', agentId: '7', skill: 'human' },
            reason: 'x',
          },
        },
        {
          type: 'ACTION',
          data: { name: 'INVOKE_FUNCTION', parameters: { lambdaUuid: 'x', timeout: 3 } },
        },
      ],
      analytics: {
        intents: [{ id: 'a', description: 'A', confidenceScore: 1, source: 'nlu' }],
        engine: 'x',
      },
      traceId: 'trace-1',
    };
    expect(unknownKeys(body)).toEqual([
      '/traceId',
      '/response/0/id',
      '/response/0/data/mesage',
      '/response/1/data/unit',
      '/response/2/data/reason',
      '/response/2/data/parameters/skill',
      '/response/3/data/parameters/timeout',
      '/analytics/engine',
      '/analytics/intents/0/source',
    ]);
  });

  it('finds nothing in a reply of only documented keys', () => {
    expect(
      unknownKeys({
        response: [
          {
            type: 'TEXT',
            data: { message: 'Hi', metadata: [{ type: 'ExternalId', id: '1' }] },
          },
          {
            type: 'ACTION',
            data: { name: 'CLOSE_CONVERSATION', parameters: { withoutPcs: true } },
          },
        ],
        analytics: { intents: [] },
      }),
    ).toEqual([]);
  });
});
