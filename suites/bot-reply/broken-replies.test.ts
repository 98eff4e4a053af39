// Spec: rules.md BOT-REPLY-03, -04 and -06 to -13; tpb-platform.md §2.2–2.3 and §3.1;
// custom-endpoint.md §6.3. A scripted Custom Endpoint breaks one rule per utterance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltContext } from '../../harness/index.ts';
import { validate } from '../../schemas/index.ts';
import { botReplyChecks } from './index.ts';
import { badReply } from './test-support/bad-replies.ts';
import { scriptedContext } from './test-support/candidates.ts';
import { runCheck } from './test-support/run-check.ts';

describe('a Custom Endpoint with broken replies', () => {
  let built: BuiltContext;
  beforeAll(async () => {
    built = await scriptedContext(badReply);
  });
  afterAll(() => built.dispose());

  const failing = async (ruleId: string) => {
    const outcome = await runCheck(botReplyChecks, ruleId, built.context);
    expect(outcome.status, outcome.message).toBe('fail');
    expect(outcome.evidence?.length).toBeGreaterThan(0);
    expect(outcome.evidence?.some((item) => item.kind === 'http')).toBe(true);
    for (const item of outcome.evidence ?? [])
      expect(validate('evidence', item).issues).toEqual([]);
    return outcome;
  };

  it('BOT-REPLY-01 fails a reply that holds only an unsupported action', async () => {
    const outcome = await failing('BOT-REPLY-01');
    expect(outcome.actual).toContain('only the unsupported action "ESCALATE"');
  });

  it('BOT-REPLY-03 fails an unsupported action without messages', async () => {
    const outcome = await failing('BOT-REPLY-03');
    expect(outcome.actual).toMatch(
      /^the unsupported action "ESCALATE" and no message at \/response\/0\/data\/name/,
    );
    expect(outcome.evidence?.some((item) => item.kind === 'escalation')).toBe(true);
  });

  it('BOT-REPLY-04 fails a TRANSFER with an empty skillName', async () => {
    const outcome = await failing('BOT-REPLY-04');
    expect(outcome.actual).toMatch(/^skillName "" at \/response\/1\/data\/parameters\/skillName/);
  });

  it('BOT-REPLY-06 fails a CLOSE_CONVERSATION with a string withoutPcs', async () => {
    const outcome = await failing('BOT-REPLY-06');
    expect(outcome.actual).toContain('withoutPcs "yes"');
  });

  it('BOT-REPLY-07 fails a lower-case ttrType', async () => {
    const outcome = await failing('BOT-REPLY-07');
    expect(outcome.actual).toContain('ttrType "urgent"');
  });

  it('BOT-REPLY-08 fails a lambdaUuid that is not a UUID', async () => {
    const outcome = await failing('BOT-REPLY-08');
    expect(outcome.actual).toContain('lambdaUuid "not-a-uuid"');
  });

  it('BOT-REPLY-09 fails a DELAY of 0 seconds', async () => {
    const outcome = await failing('BOT-REPLY-09');
    expect(outcome.actual).toMatch(/^seconds 0 at \/response\/0\/data\/seconds/);
    expect(outcome.message).toMatch(/^BOT-REPLY-09: expected a whole number of seconds/);
  });

  it('BOT-REPLY-10 fails a messageAudience that is neither ALL nor AGENTS_AND_MANAGERS', async () => {
    const outcome = await failing('BOT-REPLY-10');
    expect(outcome.actual).toContain('messageAudience "AGENTS"');
  });

  it('BOT-REPLY-11 fails a whitespace-only text', async () => {
    const outcome = await failing('BOT-REPLY-11');
    expect(outcome.actual).toContain('the text "   "');
  });

  it('BOT-REPLY-12 fails an intent id with whitespace', async () => {
    const outcome = await failing('BOT-REPLY-12');
    expect(outcome.actual).toContain('id "has space" at /analytics/intents/0/id');
  });

  it('BOT-REPLY-13 fails an empty analytics.intents', async () => {
    const outcome = await failing('BOT-REPLY-13');
    expect(outcome.actual).toContain('intents [] at /analytics/intents');
  });

  it('BOT-REPLY-02 passes when no reply carries two actions', async () => {
    const outcome = await runCheck(botReplyChecks, 'BOT-REPLY-02', built.context);
    expect(outcome.status).toBe('pass');
  });
});
