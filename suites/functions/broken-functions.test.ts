/**
 * tpb-platform.md §3.2 (LivePerson Functions: input, output, errors) and §8: each FAAS rule
 * fails for a function that breaks it (the zoo's broken functions over HTTP, small inline
 * functions as module files), and the legacy context.structuredContent passes with a warning.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CheckOutcome, RunContext } from '../../harness/index.ts';
import {
  brokenFunctions,
  exampleUtterances,
  faasFailedFaasRequest,
  faasInvokeLambda,
  faasMissingResponseBody,
} from '../../mocks/index.ts';
import { type HarnessConfig, validate } from '../../schemas/index.ts';
import { faasChecks } from './index.ts';
import {
  faasContext,
  inlineFunctions,
  moduleFolder,
  serveBrokenFunction,
} from './test-support/fixtures.ts';

type Folder = Awaited<ReturnType<typeof moduleFolder>>;
let folder: Folder;
const open: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  folder = await moduleFolder();
});

afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

afterAll(async () => {
  await folder.remove();
});

const withActions: HarnessConfig = { utterances: { ...exampleUtterances }, skills: ['human'] };

async function contextFor(where: string, config: HarnessConfig = {}): Promise<RunContext> {
  const built = await faasContext(where, config);
  open.push(() => built.dispose());
  return built.context;
}

/** An inline function written to a module file. */
async function inline(
  name: keyof typeof inlineFunctions | string,
  source: string,
  config: HarnessConfig = {},
) {
  return contextFor(await folder.write(name, source), config);
}

async function zoo(name: string, config: HarnessConfig = {}): Promise<RunContext> {
  const server = await serveBrokenFunction(name);
  open.push(() => server.close());
  return contextFor(server.url, config);
}

async function check(context: RunContext, ruleId: string): Promise<CheckOutcome> {
  const found = faasChecks.find((candidate) => candidate.ruleId === ruleId);
  if (!found) throw new Error(`No check for ${ruleId}`);
  return found.run(context);
}

/** Every piece of evidence is a valid evidence record (the report embeds them). */
function expectValidEvidence(outcome: CheckOutcome): void {
  for (const item of outcome.evidence ?? []) {
    expect(validate('evidence', item).issues, JSON.stringify(item).slice(0, 200)).toEqual([]);
  }
}

async function statuses(context: RunContext): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const item of faasChecks) {
    const outcome = await item.run(context);
    expectValidEvidence(outcome);
    result[item.ruleId] = outcome.status;
  }
  return result;
}

describe('the zoo of broken functions', () => {
  it('FAAS-01 fails a function that calls back with null (zoo "returns-null")', async () => {
    const context = await zoo('returns-null', withActions);
    const outcome = await check(context, 'FAAS-01');
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^FAAS-01: expected every well-formed invocation .*, got \d+ answer\(s\) without one/,
    );
    expect(outcome.actual).toContain(faasMissingResponseBody);
    // The HTTP exchange of the harness's own invocation, and the engine's escalation.
    expect(
      outcome.evidence?.some(
        (item) => item.kind === 'http' && item.response?.body?.text === 'null',
      ),
    ).toBe(true);
  });

  it('FAAS-05 and FAAS-04 fail a function with Custom Endpoint action names (zoo "ce-action-names")', async () => {
    const context = await zoo('ce-action-names', withActions);
    const actions = await check(context, 'FAAS-05');
    expect(actions.status).toBe('fail');
    expect(actions.actual).toContain(
      'context.action "INVOKE_FUNCTION" is not a faas name (use "INVOCATION"',
    );
    expect(actions.actual).toContain(
      'context.actionParameters.skillName is the Custom Endpoint name',
    );
    const shape = await check(context, 'FAAS-04');
    expect(shape.status).toBe('fail');
    expect(shape.actual).toMatch(/\/context\/actionParameters\/skillName/);
    expect(shape.actual).toMatch(/\/context\/action/);
  });

  it('gives each zoo function exactly its verdicts, failing every FAAS rule it lists', async () => {
    const expected: Record<string, Record<string, string>> = {
      'returns-null': {
        'FAAS-01': 'fail',
        'FAAS-02': 'pass',
        'FAAS-03': 'pass',
        'FAAS-04': 'skipped',
        'FAAS-05': 'pass',
        'FAAS-06': 'fail',
        'FAAS-07': 'pass',
        'FAAS-08': 'pass',
        'FAAS-09': 'fail',
      },
      'ce-action-names': {
        'FAAS-01': 'pass',
        'FAAS-02': 'pass',
        'FAAS-03': 'pass',
        'FAAS-04': 'fail',
        'FAAS-05': 'fail',
        'FAAS-06': 'pass',
        'FAAS-07': 'pass',
        'FAAS-08': 'pass',
        'FAAS-09': 'pass',
      },
    };
    for (const broken of brokenFunctions) {
      const verdicts = await statuses(await zoo(broken.name, withActions));
      expect(verdicts, broken.name).toEqual(expected[broken.name]);
      for (const rule of broken.rules.filter((id) => id.startsWith('FAAS-'))) {
        expect(verdicts[rule], `${broken.name} ${rule}`).toBe('fail');
      }
    }
  });
});

describe('inline broken functions', () => {
  it('FAAS-01 fails a function that answers an array instead of an object', async () => {
    const outcome = await check(
      await inline('answers-array', inlineFunctions.answersArray),
      'FAAS-01',
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('answered ["Hello."]');
  });

  it('FAAS-02 fails a function that answers after the run timeout (and FAAS-03 with it)', async () => {
    const context = await inline('slow-past-timeout', inlineFunctions.slow(1500), {
      timeoutMs: 300,
    });
    const outcome = await check(context, 'FAAS-02');
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^FAAS-02: expected every invocation to complete within 300 ms/,
    );
    expect(outcome.actual).toContain(faasInvokeLambda);
    expect(outcome.actual).toContain('did not call back within 300 ms');
    expect((await check(context, 'FAAS-03')).status).toBe('fail');
    // A timeout is neither an error callback nor a missing body.
    expect((await check(context, 'FAAS-08')).status).toBe('pass');
  });

  it('FAAS-03 fails a function that takes over 1 s while FAAS-02 passes', async () => {
    const context = await inline('slow-within-timeout', inlineFunctions.slowText(1100), {
      timeoutMs: 2000,
    });
    const outcome = await check(context, 'FAAS-03');
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^FAAS-03: expected every invocation to complete within 1000 ms, got 4 of 5 slower/,
    );
    expect(outcome.evidence?.[0]).toMatchObject({ kind: 'note' });
    expect((await check(context, 'FAAS-02')).status).toBe('pass');
  });

  it('FAAS-04 fails a function that answers with Custom Endpoint items', async () => {
    const context = await inline('ce-items', inlineFunctions.customEndpointItems);
    const outcome = await check(context, 'FAAS-04');
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(/\/messages\/0/);
  });

  it('FAAS-05 fails a function that gives its action at the top level', async () => {
    const context = await inline('top-level-action', inlineFunctions.topLevelAction);
    const outcome = await check(context, 'FAAS-05');
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('a top-level action {"name":"TRANSFER"');
    expect((await check(context, 'FAAS-04')).status).toBe('fail');
  });

  it('FAAS-06 fails a function that answers the chat welcome with a delay only', async () => {
    const context = await inline('silent-welcome', inlineFunctions.silentWelcome);
    const outcome = await check(context, 'FAAS-06');
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('with no message the consumer sees');
    // Both the harness's own welcome and the engine's chat welcomes were judged.
    expect(outcome.actual).toContain('"chat-welcome"');
    expect(outcome.actual).toContain("the engine's chat welcome invocation");
  });

  it('FAAS-07 passes with a warning for the legacy context.structuredContent', async () => {
    const context = await inline('legacy-sc', inlineFunctions.legacyStructuredContent);
    const outcome = await check(context, 'FAAS-07');
    expect(outcome.status).toBe('pass-with-warning');
    expect(outcome.warnings?.[0]).toMatch(/^FAAS-07: the legacy context.structuredContent/);
    // The documented variant is no shape violation.
    expect((await check(context, 'FAAS-04')).status).toBe('pass');
  });

  it('FAAS-07 fails legacy context.metadata without a structured content to carry it', async () => {
    const context = await inline('legacy-metadata', inlineFunctions.legacyMetadataOnly);
    const outcome = await check(context, 'FAAS-07');
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain(
      'context.metadata without context.structuredContent is ignored',
    );
  });

  it('FAAS-08 fails a function that throws on every invocation (and FAAS-01: no answer at all)', async () => {
    const context = await inline('throws', inlineFunctions.throws);
    const outcome = await check(context, 'FAAS-08');
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('The function threw: Error: lookup service unavailable');
    // Test Connection failed, so the engine ran no conversation: the start is reported.
    expect(outcome.actual).toContain("the engine's Test Connection");
    const answered = await check(context, 'FAAS-01');
    expect(answered.status).toBe('fail');
    expect(answered.message).toMatch(/got no answer to any of \d+ invocation/);
  });

  it("FAAS-08 fails a function that throws on consumer text, with the engine's escalations", async () => {
    const context = await inline('throws-on-text', inlineFunctions.throwsOnText);
    const outcome = await check(context, 'FAAS-08');
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain("the engine's messaging text invocation");
    expect(outcome.evidence).toContainEqual(
      expect.objectContaining({ kind: 'escalation', code: faasInvokeLambda }),
    );
    expectValidEvidence(outcome);
    expect((await check(context, 'FAAS-01')).status).toBe('pass');
  });

  it('FAAS-08 fails a function that calls back with an error', async () => {
    const context = await inline('error-callback', inlineFunctions.errorCallback);
    const outcome = await check(context, 'FAAS-08');
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('called back with an error');
    expect(outcome.actual).toContain(faasInvokeLambda);
  });

  it('FAAS-08 fails a function served over HTTP that answers 500', async () => {
    const source = inlineFunctions.errorCallback;
    const { lambda } = (await import(await folder.write('error-callback-http', source))) as {
      lambda: Parameters<typeof import('./test-support/fixtures.ts')['serveFunction']>[0];
    };
    const server = await (await import('./test-support/fixtures.ts')).serveFunction(lambda);
    open.push(() => server.close());
    const outcome = await check(await contextFor(server.url), 'FAAS-08');
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain(faasFailedFaasRequest);
    expect(
      outcome.evidence?.some((item) => item.kind === 'http' && item.response?.status === 500),
    ).toBe(true);
    expect(outcome.actual).toContain("the engine's Test Connection");
  });

  it('FAAS-09 fails a function that errors on an empty message', async () => {
    const context = await inline('error-on-empty', inlineFunctions.errorOnEmptyMessage);
    const outcome = await check(context, 'FAAS-09');
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('(empty-message)');
    expect(outcome.message).toContain('The same function answered an ordinary messaging text');
  });

  it('FAAS-09 fails a function that reads lpSdes without checking it is there', async () => {
    const context = await inline('reads-sdes', inlineFunctions.readsSdes);
    const outcome = await check(context, 'FAAS-09');
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('(without-lpSdes)');
  });

  it('FAAS-09 fails a function that rejects unknown lpEvent keys', async () => {
    const context = await inline('strict-lpevent', inlineFunctions.strictLpEvent);
    const outcome = await check(context, 'FAAS-09');
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('(unknown-lpEvent-keys)');
  });
});
