// Spec: README.md "Where the sources disagree"; custom-endpoint.md §10 D14–D17;
// tpb-platform.md §2.3 (an unsupported action beside messages is ignored). Documented
// non-preferred variants pass with a warning.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltContext } from '../../harness/index.ts';
import { botReplyChecks } from './index.ts';
import { variantReply } from './test-support/bad-replies.ts';
import { scriptedContext } from './test-support/candidates.ts';
import { runCheck } from './test-support/run-check.ts';

describe('a Custom Endpoint that uses non-preferred variants', () => {
  let built: BuiltContext;
  beforeAll(async () => {
    built = await scriptedContext(variantReply);
  });
  afterAll(() => built.dispose());

  const warning = async (ruleId: string, text: RegExp) => {
    const outcome = await runCheck(botReplyChecks, ruleId, built.context);
    expect(outcome.status, outcome.message).toBe('pass-with-warning');
    expect(
      outcome.warnings?.some((line) => text.test(line)),
      outcome.warnings?.join('\n'),
    ).toBe(true);
  };

  it('BOT-REPLY-03 warns about an unsupported action beside a message', () =>
    warning('BOT-REPLY-03', /unsupported action "ESCALATE".*ignored/));

  it('BOT-REPLY-04 warns about an agentId without a skillName (D14)', () =>
    warning('BOT-REPLY-04', /agentId without a skillName/));

  it('BOT-REPLY-07 warns about ttrType CUSTOM with a value (D15) and CHANGE_TTR in chat', async () => {
    await warning('BOT-REPLY-07', /ttrType "CUSTOM" with value "120"/);
    await warning('BOT-REPLY-07', /chat reply.*CHANGE_TTR in a chat conversation/);
  });

  it('BOT-REPLY-08 warns about a JSON-string payload', () =>
    warning('BOT-REPLY-08', /JSON-string payload/));

  it('BOT-REPLY-13 warns about a reply without analytics.intents (D17)', () =>
    warning('BOT-REPLY-13', /no analytics\.intents/));

  it('BOT-REPLY-05 does not apply when every TRANSFER names an agent only (D14)', async () => {
    const outcome = await runCheck(botReplyChecks, 'BOT-REPLY-05', built.context);
    expect(outcome).toMatchObject({ status: 'skipped', applicable: false });
    expect(outcome.message).toContain('every TRANSFER named an agent only');
  });

  it('BOT-REPLY-09 skips when no reply carries a DELAY, naming the delay utterance', async () => {
    const outcome = await runCheck(botReplyChecks, 'BOT-REPLY-09', built.context);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toMatch(
      /^BOT-REPLY-09: no reply carried a DELAY, although the delay utterance "Wait a moment" was sent/,
    );
  });
});
