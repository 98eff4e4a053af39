/**
 * tpb-platform.md §3.2 (LivePerson Functions: invocation, input, output, errors): the conformant
 * example function passes every FAAS rule, in-process (a module path) and over HTTP (a URL).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type BuiltContext,
  type CheckOutcome,
  type RunContext,
  rulesInGroup,
  runRules,
} from '../../harness/index.ts';
import { createExampleFunction, exampleUtterances } from '../../mocks/index.ts';
import { validate } from '../../schemas/index.ts';
import { faasChecks, faasProbes } from './index.ts';
import { exampleFunctionModule, faasContext, serveFunction } from './test-support/fixtures.ts';

const open: Array<{ dispose?(): Promise<void>; close?(): Promise<void> }> = [];

afterEach(async () => {
  for (const item of open.splice(0).reverse()) await (item.dispose ?? item.close)?.call(item);
});

async function built(where: string, withUtterances = true): Promise<BuiltContext> {
  const result = await faasContext(
    where,
    withUtterances ? { utterances: { ...exampleUtterances }, skills: ['human'] } : {},
  );
  open.push(result);
  return result;
}

async function runAll(context: RunContext): Promise<Record<string, CheckOutcome>> {
  const outcomes: Record<string, CheckOutcome> = {};
  for (const check of faasChecks) outcomes[check.ruleId] = await check.run(context);
  return outcomes;
}

const statuses = (outcomes: Record<string, CheckOutcome>) =>
  Object.fromEntries(Object.entries(outcomes).map(([id, outcome]) => [id, outcome.status]));

const allPass = {
  'FAAS-01': 'pass',
  'FAAS-02': 'pass',
  'FAAS-03': 'pass',
  'FAAS-04': 'pass',
  'FAAS-05': 'pass',
  'FAAS-06': 'pass',
  'FAAS-07': 'pass',
  'FAAS-08': 'pass',
  'FAAS-09': 'pass',
};

describe('the example function', () => {
  it('has exactly one check per FAAS rule', () => {
    expect(faasChecks.map((check) => check.ruleId)).toEqual(Object.keys(allPass));
    expect(rulesInGroup('FAAS').map((rule) => rule.id)).toEqual(Object.keys(allPass));
  });

  it('FAAS-01..09 pass for the example function given as a module path', async () => {
    const { context } = await built(exampleFunctionModule);
    expect(context.target).toEqual({ kind: 'faas', faas: { module: exampleFunctionModule } });
    const outcomes = await runAll(context);
    expect(statuses(outcomes)).toEqual(allPass);
    // The session's actions were judged, not skipped: the declared utterances made it act.
    expect(outcomes['FAAS-05']?.message).toMatch(/output\(s\) with an action used context\.action/);
    // Through the runner, with the catalogue's levels: the run passes.
    const report = await runRules(context, {
      rules: rulesInGroup('FAAS'),
      checks: faasChecks,
      strict: true,
      target: { kind: 'faas', function: exampleFunctionModule },
    });
    expect(report.verdict).toBe('pass');
    expect(report.summary).toMatchObject({ total: 9, passed: 9 });
  });

  it('FAAS-01..09 pass for the example function served over HTTP', async () => {
    const server = await serveFunction(createExampleFunction().lambda);
    open.push(server);
    const { context } = await built(server.url);
    expect(statuses(await runAll(context))).toEqual(allPass);
    // Every probe went over HTTP: the evidence is the exchange, with a curl.
    const probes = await faasProbes(context);
    expect(probes.every((probe) => probe.evidence[0]?.kind === 'http')).toBe(true);
  });

  it('FAAS-05 is skipped when no action utterance was declared and none was seen', async () => {
    const { context } = await built(exampleFunctionModule, false);
    const outcomes = await runAll(context);
    expect(statuses(outcomes)).toEqual({ ...allPass, 'FAAS-05': 'skipped' });
    expect(outcomes['FAAS-05']?.message).toMatch(/--utterance transfer=/);
  });

  it('builds invocations that are valid faas-input, as the engine sends them', async () => {
    const { context } = await built(exampleFunctionModule, false);
    const probes = await faasProbes(context);
    expect(probes.map((probe) => probe.name)).toEqual([
      'messaging-text',
      'chat-welcome',
      'without-lpSdes',
      'empty-message',
      'unknown-lpEvent-keys',
    ]);
    for (const probe of probes) expect(validate('faas-input', probe.input).ok).toBe(true);
    const byName = Object.fromEntries(probes.map((probe) => [probe.name, probe.input]));
    expect(byName['without-lpSdes']?.context.lpSdes).toBeUndefined();
    expect(byName['empty-message']?.message).toBe('');
    expect(byName['chat-welcome']).toMatchObject({ message: '', event: { name: 'WELCOME' } });
    expect(Object.keys(byName['unknown-lpEvent-keys']?.context.lpEvent ?? {})).toContain(
      'tpbConformanceUnknownKey',
    );
  });
});

describe('a function the harness cannot load', () => {
  it('stops the run with a HarnessError (TPB_CONFIG), not a finding', async () => {
    const { context } = await built('/nonexistent/tpb-faas-function.mjs', false);
    const check = faasChecks.find((item) => item.ruleId === 'FAAS-09');
    await expect(check?.run(context)).rejects.toMatchObject({
      name: 'HarnessError',
      code: 'TPB_CONFIG',
    });
  });
});
