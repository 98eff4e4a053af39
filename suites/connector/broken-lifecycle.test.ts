/**
 * rules.md UMS-11 to UMS-14 (ums.md §4.2 refresh, §5.3 keep-alive and reconnect, §11 sessions):
 * for each rule a node-agent-sdk connector that breaks it (fixtures/sdk-connector.cjs with one
 * --break switch) makes the rule's check fail, with evidence. The unmodified sdk-bot.cjs fails
 * UMS-12 and UMS-13 too (sdk-bot.test.ts). A connector that never refreshes but logs in again
 * when its session ends keeps serving, and passes UMS-13 (conformant-connector.test.ts,
 * example-style-bot.test.ts); one that does not log in again, or does not come back ONLINE and
 * subscribed, fails it.
 */
import { describe, expect, it } from 'vitest';
import { brokenOutcome, expectFailure } from './test-support/test-connector.ts';

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

  it('UMS-13 fails a connector that reconnects with its old bearer instead of logging in again', async () => {
    const outcome = await brokenOutcome('UMS-13', ['reuse-bearer'], {
      utterances: {},
      timings: { recoverWithinMs: 1_000 },
    });
    expectFailure(
      outcome,
      'UMS-13',
      /^no open socket 1\.0 s after the mock ended its session: 0 refresh\(es\) answered 200, 0 answered 401; its session expired and it did not log in again$/,
    );
    const timeline = outcome.evidence?.[0];
    expect(timeline?.kind === 'note' && timeline.text).toMatch(
      /harness ended the session[\s\S]*session ended \(expired\)[\s\S]*closed with 4401/,
    );
    const requests = outcome.evidence?.find(
      (e) => e.kind === 'note' && e.text.startsWith('Requests the mock received'),
    );
    expect(requests?.kind === 'note' && requests.text).toMatch(/upgrade .* → refused/);
  });

  it('UMS-13 fails a connector that logs in again but neither sets ONLINE nor subscribes', async () => {
    const outcome = await brokenOutcome('UMS-13', ['online-once'], {
      utterances: {},
      timings: { recoverWithinMs: 1_000 },
    });
    expectFailure(
      outcome,
      'UMS-13',
      /^it logged in again after .* and opened socket \S+ after .*, but SetAgentState ONLINE and a subscription did not follow on it within 1\.0 s of the end$/,
    );
  });

  it('UMS-14 fails a connector that neither pings nor sends GetClock', async () => {
    const outcome = await brokenOutcome('UMS-14', ['no-keepalive'], {
      timings: { keepAliveWithinMs: 800, keepAliveRecommendedMs: 400 },
    });
    expectFailure(outcome, 'UMS-14', /without a ping or GetClock .* 0 ping\(s\) and 0 GetClock/);
  });
});
