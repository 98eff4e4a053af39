// Spec: custom-endpoint.md §8.3 (404 recovery), §8.4 (retries), §9 (status codes); tpb-platform.md
// §2.2 (actions; CUSTOM TTR a legacy variant), §6 (consumer content), §9 (Vendor Interruption).
// Broken candidates the zoo lacks (fixtures.ts) make FLOW-05, 06, 07, 08, 09, 11 and 12 fail, and
// documented non-preferred variants pass with a warning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltContext } from '../../harness/index.ts';
import { flowChecks } from './index.ts';
import { brokenFlowContext, type FlowFixture } from './test-support/fixtures.ts';

const run = (ruleId: string, built: BuiltContext) => {
  const check = flowChecks.find((candidate) => candidate.ruleId === ruleId);
  if (!check) throw new Error(`no check for ${ruleId}`);
  return check.run(built.context);
};

function withFixture(name: FlowFixture, body: (get: () => BuiltContext) => void) {
  describe(name, () => {
    let built: BuiltContext;
    beforeAll(async () => {
      built = await brokenFlowContext(name);
    });
    afterAll(() => built.dispose());
    body(() => built);
  });
}

withFixture('crashes-on-consumer-content', (get) => {
  it('FLOW-05 fails a bot that answers 500 to consumer rich content and files', async () => {
    const outcome = await run('FLOW-05', get());
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain(
      'consumer rich content (a shared location) was error-escalated',
    );
    expect(outcome.actual).toContain('a consumer file was error-escalated');
    expect(outcome.evidence?.some((item) => item.kind === 'escalation')).toBe(true);
  });
});

withFixture('drops-actions', (get) => {
  it.each(['FLOW-06', 'FLOW-07', 'FLOW-08'])(
    '%s fails a bot that answers the trigger without its action',
    async (ruleId) => {
      const outcome = await run(ruleId, get());
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toMatch(/held no (TRANSFER|CLOSE_CONVERSATION) action|without one/);
    },
  );
});

withFixture('custom-ttr', (get) => {
  it('FLOW-08 passes with a warning a CHANGE_TTR with the legacy ttrType CUSTOM', async () => {
    const outcome = await run('FLOW-08', get());
    expect(outcome.status).toBe('pass-with-warning');
    expect(outcome.warnings?.[0]).toContain('CUSTOM');
  });
});

withFixture('answers-unknown-conversations', (get) => {
  it('FLOW-09 fails a bot that answers 200 to events of a conversation it never created', async () => {
    const outcome = await run('FLOW-09', get());
    expect(outcome.status).toBe('fail');
    expect(outcome).toMatchObject({ expected: '404', actual: 'HTTP 200' });
  });
});

withFixture('answers-events-202', (get) => {
  it.each(['FLOW-09', 'FLOW-11'])(
    '%s passes with a warning event replies with status 202',
    async (ruleId) => {
      const outcome = await run(ruleId, get());
      expect(outcome.status).toBe('pass-with-warning');
      expect(outcome.warnings?.[0]).toContain('202');
    },
  );
});

withFixture('rejects-repeated-events', (get) => {
  it('FLOW-11 fails a bot that answers 409 to the retry of an event whose response was lost', async () => {
    const outcome = await run('FLOW-11', get());
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('HTTP 409');
    expect(
      outcome.evidence?.some((item) => item.kind === 'http' && item.response?.status === 503),
    ).toBe(true);
  });
});

withFixture('offline-after-start', (get) => {
  it('FLOW-12 fails a bot that does not report online again after an outage', async () => {
    const outcome = await run('FLOW-12', get());
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('come back online');
    expect(outcome.evidence?.some((item) => item.kind === 'escalation')).toBe(true);
  });
});
