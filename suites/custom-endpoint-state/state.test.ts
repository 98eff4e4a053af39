// Spec: custom-endpoint.md §3 (E1 Get Bot Environments), §4 (E2 Get Bot State), §9 (status
// codes) and §10 (D12 version, D20 E1 usage): CE-STATE-01..06, by direct HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Check } from '../../harness/index.ts';
import { errorAnswer, jsonAnswer } from '../../mocks/index.ts';
import {
  type BenchContext,
  CandidateBench,
} from '../custom-endpoint-shared/test-support/fixtures.ts';
import {
  botOnlineCheck,
  botStatusShapeCheck,
  ceStateChecks,
  draftEnvironmentCheck,
  environmentListCheck,
  semverPattern,
  stateVersionCheck,
  unknownStateCheck,
} from './index.ts';

let bench: CandidateBench;
beforeAll(async () => {
  bench = await CandidateBench.start();
});
afterAll(() => bench.dispose());

const run = (check: Check, built: BenchContext) => check.run(built.context);

describe('the built-in example', () => {
  const example = (): BenchContext => bench.base;

  it('has exactly one check per CE-STATE rule', () => {
    expect(ceStateChecks.map((check) => check.ruleId)).toEqual([
      'CE-STATE-01',
      'CE-STATE-02',
      'CE-STATE-03',
      'CE-STATE-04',
      'CE-STATE-05',
      'CE-STATE-06',
    ]);
  });

  it.each(
    ceStateChecks
      .filter((check) => check.ruleId !== 'CE-STATE-06')
      .map((check) => [check.ruleId, check] as const),
  )('%s passes the built-in example', async (_id, check) => {
    const outcome = await run(check, example());
    expect(outcome.status, outcome.message).toBe('pass');
  });

  it('CE-STATE-06 reports the example\'s version "1.0.0" as semantic', async () => {
    const outcome = await run(stateVersionCheck, example());
    expect(outcome.status).toBe('info');
    expect(outcome.message).toBe('CE-STATE-06: version "1.0.0" is a semantic version.');
  });
});

describe('upper-case-state', () => {
  let upper: BenchContext;
  beforeAll(async () => {
    upper = await bench.broken('upper-case-state');
  });

  it('CE-STATE-01 fails a bot that reports "ONLINE"', async () => {
    const outcome = await run(botStatusShapeCheck, upper);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      '/state: expected one of "online", "offline", "error", "maintenance", got "ONLINE"',
    );
  });

  it('CE-STATE-02 fails a bot that reports "ONLINE"', async () => {
    const outcome = await run(botOnlineCheck, upper);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('expected state "online"');
    expect(outcome.message).toContain('got state "ONLINE". Bot state must be lower case.');
  });
});

describe('CE-STATE-01 and CE-STATE-02', () => {
  it('CE-STATE-01 fails a state without a version, CE-STATE-02 still sees "online"', async () => {
    const built = await bench.example({
      hooks: {
        answer: (answer, context) =>
          context.route === 'state' ? jsonAnswer(200, { state: 'online' }) : answer,
      },
    });
    const shape = await run(botStatusShapeCheck, built);
    expect(shape.status).toBe('fail');
    expect(shape.message).toContain('/version: expected required property "version", got missing');
    expect((await run(botOnlineCheck, built)).status).toBe('pass');
  });

  it('CE-STATE-02 fails a bot in maintenance, which CE-STATE-01 accepts', async () => {
    const built = await bench.example({
      hooks: {
        answer: (answer, context) =>
          context.route === 'state'
            ? jsonAnswer(200, { state: 'maintenance', version: '2.0.0' })
            : answer,
      },
    });
    expect((await run(botStatusShapeCheck, built)).status).toBe('pass');
    const online = await run(botOnlineCheck, built);
    expect(online.status).toBe('fail');
    expect(online.actual).toBe('state "maintenance"');
  });
});

describe('CE-STATE-03', () => {
  it('CE-STATE-03 fails a bot that answers 200 for any environment', async () => {
    const built = await bench.example({
      hooks: {
        answer: (answer, context) =>
          context.route === 'state' && answer.kind === 'json' && answer.status === 404
            ? jsonAnswer(200, { state: 'online', version: '1.0.0' })
            : answer,
      },
    });
    const outcome = await run(unknownStateCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(
      /^status 200 for the unknown bot .*; status 200 for the unknown environment/,
    );
  });
});

describe('CE-STATE-04 and CE-STATE-05', () => {
  it('CE-STATE-05 fails a bot without "draft", which CE-STATE-04 passes', async () => {
    const built = await bench.example({ environments: ['production', 'alpha'] });
    expect((await run(environmentListCheck, built)).status).toBe('pass');
    const draft = await run(draftEnvironmentCheck, built);
    expect(draft.status).toBe('fail');
    expect(draft.actual).toBe('E1 listed ["production","alpha"]');
  });

  it('CE-STATE-04 fails a bot whose E1 omits the configured environment and serves unknown bots', async () => {
    const built = await bench.example({
      hooks: {
        answer: (answer, context) =>
          context.route === 'environments' ? jsonAnswer(200, ['alpha']) : answer,
      },
    });
    const outcome = await run(environmentListCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain(
      'E1 listed ["alpha"] without the configured environment "draft"',
    );
    expect(outcome.actual).toContain('E1 answered status 200 for the unknown bot');
  });

  it('CE-STATE-04 and CE-STATE-05 fail a bot whose E1 is not an array of strings', async () => {
    const built = await bench.example({
      hooks: {
        answer: (answer, context) =>
          context.route === 'environments' && answer.kind === 'json' && answer.status === 200
            ? jsonAnswer(200, { environments: ['draft'] })
            : answer,
      },
    });
    const list = await run(environmentListCheck, built);
    expect(list.status).toBe('fail');
    expect(list.actual).toContain('/: expected type array');
    expect((await run(draftEnvironmentCheck, built)).status).toBe('fail');
  });

  it('CE-STATE-05 fails a bot that does not serve E1', async () => {
    const built = await bench.example({
      hooks: {
        answer: (answer, context) =>
          context.route === 'environments' ? errorAnswer(404, 'not found') : answer,
      },
    });
    const outcome = await run(draftEnvironmentCheck, built);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toBe('E1 answered status 404');
  });
});

describe('CE-STATE-06', () => {
  it('CE-STATE-06 reports the reference implementation\'s "1.0" as not semantic', async () => {
    const outcome = await run(stateVersionCheck, await bench.example({ version: '1.0' }));
    expect(outcome.status).toBe('info');
    expect(outcome.message).toContain('version "1.0" is not a semantic version');
  });

  it('knows semantic versions', () => {
    for (const version of ['0.0.1', '1.0.0-alpha.1', '2.3.4+build.5'])
      expect(semverPattern.test(version)).toBe(true);
    for (const version of ['1.0', 'v1.0.0', '01.0.0', 'latest'])
      expect(semverPattern.test(version)).toBe(false);
  });
});
