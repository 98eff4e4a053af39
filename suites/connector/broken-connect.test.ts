/**
 * rules.md UMS-01 to UMS-04 (ums.md §3 CSDS, §4 login, §5.1 websocket URL, §7 SetAgentState and
 * subscriptions, §8.4 rings): for each rule a node-agent-sdk connector that breaks it
 * (fixtures/sdk-connector.cjs with one --break switch) makes the rule's check fail, with evidence.
 */
import { describe, it } from 'vitest';
import { brokenOutcome, expectFailure } from './test-support/test-connector.ts';

describe('connectors that do not connect as they should', { timeout: 30_000 }, () => {
  it('UMS-01 fails a connector that logs in at a host CSDS did not return', async () => {
    const outcome = await brokenOutcome('UMS-01', ['hardcoded-host']);
    expectFailure(outcome, 'UMS-01', /no socket opened .* 0 login request\(s\)/);
  });

  it('UMS-02 fails a connector that opens the socket with v=1', async () => {
    const outcome = await brokenOutcome('UMS-02', ['api-v1']);
    expectFailure(outcome, 'UMS-02', /\?v=1 \(v=1\)$/);
  });

  it('UMS-03 fails a connector that never sets itself ONLINE', async () => {
    const outcome = await brokenOutcome('UMS-03', ['never-online'], {
      timings: { readyWithinMs: 1_000 },
    });
    expectFailure(outcome, 'UMS-03', /^no SetAgentState \{availability: "ONLINE"\}/);
  });

  it('UMS-04 fails a connector that leaves its rings unanswered', async () => {
    const outcome = await brokenOutcome('UMS-04', ['ignore-rings'], {
      utterances: {},
      timeoutMs: 700,
    });
    expectFailure(outcome, 'UMS-04', /still unanswered after/);
  });
});
