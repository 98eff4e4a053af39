// Spec: rules.md BOT-REPLY-11 (connector target); ums.md §7 (PublishEvent event variants).
// A connector's replies are the PublishEvent requests it sends in the UMS suite's connector
// session; the fixture is a small connector on node-agent-sdk.
import { afterEach, describe, expect, it } from 'vitest';
import type { BuiltContext } from '../../harness/index.ts';
import { botReplyChecks } from './index.ts';
import { connectorContext } from './test-support/candidates.ts';
import { runCheck } from './test-support/run-check.ts';

describe('a connector', () => {
  let built: BuiltContext | undefined;
  afterEach(async () => {
    await built?.dispose();
    built = undefined;
  });

  it('BOT-REPLY-11 passes a connector whose texts are not blank', async () => {
    built = await connectorContext([]);
    const outcome = await runCheck(botReplyChecks, 'BOT-REPLY-11', built.context);
    expect(outcome.status, outcome.message).toBe('pass');
  });

  it('BOT-REPLY-11 fails a connector that publishes a whitespace-only ContentEvent', async () => {
    built = await connectorContext(['--broken']);
    const outcome = await runCheck(botReplyChecks, 'BOT-REPLY-11', built.context);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(
      /^the text " {3}" at \/body\/event\/message in the PublishEvent request \S+ into dialog /,
    );
    expect(outcome.evidence?.[0]).toMatchObject({ kind: 'ums', direction: 'received' });
  });

  it('BOT-REPLY-01 does not apply to a connector', async () => {
    built = await connectorContext([]);
    const outcome = await runCheck(botReplyChecks, 'BOT-REPLY-01', built.context);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain('applies to custom-endpoint, faas targets, not connector');
  });
});
