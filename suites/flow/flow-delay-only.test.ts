// Spec: tpb-platform.md §2 (a DELAY is a message item: a reply holding only a DELAY is valid) and
// §9 (Vendor Interruption). Regression: FLOW-12 waited for a consumer-visible message and failed a
// bot whose every reply is a DELAY.
import { afterEach, describe, expect, it } from 'vitest';
import type { BuiltContext } from '../../harness/index.ts';
import { ceBody, scriptedContext } from '../bot-reply/test-support/candidates.ts';
import { runCheck } from '../bot-reply/test-support/run-check.ts';
import { flowChecks } from './index.ts';

describe('a bot whose replies are only a DELAY', () => {
  let built: BuiltContext | undefined;
  afterEach(async () => {
    await built?.dispose();
    built = undefined;
  });

  it('FLOW-10 and FLOW-12 pass: nothing is escalated and the bot is served again', async () => {
    built = await scriptedContext(() => ceBody({ type: 'DELAY', data: { seconds: 1 } }));
    for (const ruleId of ['FLOW-10', 'FLOW-12']) {
      const outcome = await runCheck(flowChecks, ruleId, built.context);
      expect(outcome.status, `${ruleId}: ${outcome.message}`).toBe('pass');
    }
  });

  it('FLOW-12 still fails when the reply after the outage is escalated', async () => {
    // A reply with nothing in it is escalated (…missing-action-and-messages): not served.
    built = await scriptedContext(() => ceBody());
    const outcome = await runCheck(flowChecks, 'FLOW-12', built.context);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(/got an escalation with \S*missing-action-and-messages/);
  });
});
