/**
 * rules.md UMS-11 to UMS-14 (ums.md §4.2 refresh, §5.3 keep-alive and reconnect, §11 sessions):
 * for each rule a node-agent-sdk connector that breaks it (fixtures/sdk-connector.cjs with one
 * --break switch) makes the rule's check fail, with evidence. The unmodified sdk-bot.cjs fails
 * UMS-12 and UMS-13 too (sdk-bot.test.ts). A connector that never refreshes but logs in again
 * when its session ends keeps serving, and passes UMS-13 (conformant-connector.test.ts).
 */
import { describe, it } from 'vitest';
import { brokenOutcome, expectFailure } from './test-connector.ts';

describe('connectors that mishandle their session and socket', { timeout: 30_000 }, () => {
  it('UMS-11 fails a connector that logs in a second time while connected', async () => {
    const outcome = await brokenOutcome('UMS-11', ['double-login'], { utterances: {} });
    expectFailure(
      outcome,
      'UMS-11',
      /^1 login\(s\) while an earlier session still had an open socket/,
    );
  });

  it('UMS-12 fails a connector that retries the revoked bearer at a fixed pace after 4401', async () => {
    const outcome = await brokenOutcome('UMS-12', ['reuse-bearer'], {
      utterances: {},
      timings: { recoverWithinMs: 1_000 },
    });
    expectFailure(
      outcome,
      'UMS-12',
      /4401, no new socket was opened .* refused with 401.*not growing/,
    );
  });

  it('UMS-14 fails a connector that neither pings nor sends GetClock', async () => {
    const outcome = await brokenOutcome('UMS-14', ['no-keepalive'], {
      timings: { keepAliveWithinMs: 800, keepAliveRecommendedMs: 400 },
    });
    expectFailure(outcome, 'UMS-14', /without a ping or GetClock .* 0 ping\(s\) and 0 GetClock/);
  });
});
