// Spec: rules.md BOT-REPLY-01, -02, -05; tpb-platform.md §2.3 and §8. The broken-bot zoo's
// reply-shape and escalation bots fail their rules.
import { afterEach, describe, expect, it } from 'vitest';
import type { BuiltContext } from '../../harness/index.ts';
import { brokenContext } from '../test-support/contexts.ts';
import { botReplyChecks } from './index.ts';
import { runCheck } from './test-support/run-check.ts';

describe('the broken-bot zoo', () => {
  let built: BuiltContext | undefined;
  afterEach(async () => {
    await built?.dispose();
    built = undefined;
  });

  it('BOT-REPLY-01 fails empty-reply, whose replies hold no message and no action', async () => {
    built = await brokenContext('empty-reply');
    const outcome = await runCheck(botReplyChecks, 'BOT-REPLY-01', built.context);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(/^no message and no action at \/response in the /);
    expect(outcome.evidence?.map((item) => item.kind)).toContain('escalation');
  });

  it('BOT-REPLY-02 fails two-actions, which sends TRANSFER and CLOSE_CONVERSATION together', async () => {
    built = await brokenContext('two-actions');
    const outcome = await runCheck(botReplyChecks, 'BOT-REPLY-02', built.context);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(/^2 actions \("TRANSFER", "CLOSE_CONVERSATION"\)/);
  });

  it('BOT-REPLY-05 fails unknown-transfer-skill, which transfers to "HUMAN"', async () => {
    built = await brokenContext('unknown-transfer-skill');
    const outcome = await runCheck(botReplyChecks, 'BOT-REPLY-05', built.context);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain(
      'the skill "HUMAN", which the account does not have (it has "human"',
    );
    const codes = outcome.evidence?.flatMap((item) =>
      item.kind === 'escalation' ? [item.code] : [],
    );
    expect(codes?.some((code) => code.endsWith('transfer-skill-not-existing'))).toBe(true);
  });

  it('BOT-REPLY-01 leaves lower-case-item-type to the shape rules and says so', async () => {
    built = await brokenContext('lower-case-item-type');
    const outcome = await runCheck(botReplyChecks, 'BOT-REPLY-01', built.context);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toMatch(/unknown shape, which CE-EVENT-03 and FAAS-04 judge/);
    const text = await runCheck(botReplyChecks, 'BOT-REPLY-11', built.context);
    expect(text.status).toBe('skipped');
  });
});
