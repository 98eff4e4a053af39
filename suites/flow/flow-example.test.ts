// Spec: rules.md FLOW (FLOW-01..12); custom-endpoint.md §8 (platform flows); tpb-platform.md §§4,
// 5, 6, 7, 9 (rendering, welcome events, consumer content, escalation, bot states). The built-in
// example Custom Endpoint and the example function pass every FLOW rule of their kind.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltContext, buildContext } from '../../harness/index.ts';
import { exampleUtterances } from '../../mocks/index.ts';
import { builtInContext } from '../test-support/contexts.ts';
import { flowChecks } from './index.ts';

const exampleFunction = fileURLToPath(
  new URL('../../mocks/bots/example-function.ts', import.meta.url),
);

const check = (ruleId: string) => {
  const found = flowChecks.find((candidate) => candidate.ruleId === ruleId);
  if (!found) throw new Error(`no check for ${ruleId}`);
  return found;
};

it('flowChecks has exactly one check per FLOW rule', () => {
  expect(flowChecks.map((candidate) => candidate.ruleId)).toEqual(
    Array.from({ length: 12 }, (_, index) => `FLOW-${String(index + 1).padStart(2, '0')}`),
  );
});

describe('the built-in example Custom Endpoint', () => {
  let built: BuiltContext;
  beforeAll(async () => {
    built = await builtInContext();
  });
  afterAll(() => built.dispose());

  for (const ruleId of flowChecks.map((candidate) => candidate.ruleId)) {
    it(`${ruleId} passes the built-in example`, async () => {
      const outcome = await check(ruleId).run(built.context);
      expect(outcome.message).toMatch(new RegExp(`^${ruleId}: `));
      expect(outcome.status).toBe('pass');
    });
  }

  it('FLOW-04 sends the welcome with lastConsumerMessage in one variant and without it in the other', async () => {
    const outcome = await check('FLOW-04').run(built.context);
    const bodies = (outcome.evidence ?? []).flatMap((item) =>
      item.kind === 'http' && item.request.method === 'POST' ? [item.request.body?.text ?? ''] : [],
    );
    expect(bodies.filter((body) => body.includes('"START"'))).toHaveLength(2);
    expect(bodies.filter((body) => body.includes('lastConsumerMessage'))).toHaveLength(1);
  });
});

describe('the example LivePerson Function', () => {
  let built: BuiltContext;
  beforeAll(async () => {
    built = await buildContext({
      kind: 'faas',
      function: exampleFunction,
      timeoutMs: 2000,
      utterances: exampleUtterances,
      skills: ['human'],
    });
  });
  afterAll(() => built.dispose());

  for (const ruleId of flowChecks.map((candidate) => candidate.ruleId)) {
    const customEndpointOnly = ruleId === 'FLOW-09' || ruleId === 'FLOW-11';
    it(`${ruleId} ${customEndpointOnly ? 'is skipped for' : 'passes'} the example function`, async () => {
      const outcome = await check(ruleId).run(built.context);
      expect(outcome.status).toBe(customEndpointOnly ? 'skipped' : 'pass');
    });
  }
});

describe('undeclared triggers', () => {
  let built: BuiltContext;
  beforeAll(async () => {
    built = await buildContext({
      kind: 'faas',
      function: exampleFunction,
      timeoutMs: 2000,
    });
  });
  afterAll(() => built.dispose());

  it.each([
    ['FLOW-06', '--utterance transfer='],
    ['FLOW-07', '--utterance close='],
    ['FLOW-08', '--utterance ttr='],
  ])('%s is skipped and names the missing input (%s)', async (ruleId, flag) => {
    const outcome = await check(ruleId).run(built.context);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain(flag);
  });
});
