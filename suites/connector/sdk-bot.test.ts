/**
 * ums.md §§2–12 and rules.md UMS-01 to UMS-14, against LivePerson's node-agent-sdk 1.2.0 bot of
 * the mock's interop test (mocks/cloud/interop/sdk-bot.cjs), unmodified, in its own process: it
 * connects through CSDS, goes ONLINE, takes rings, echoes, transfers and closes as it should, but
 * neither reconnects nor refreshes its session, so UMS-12 and UMS-13 fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorSession } from './connector-session.ts';
import {
  type ConnectorRun,
  connectorRun,
  sdkBotCommand,
  statuses,
} from './test-support/test-connector.ts';

describe('node-agent-sdk bot (mocks/cloud/interop/sdk-bot.cjs)', { timeout: 40_000 }, () => {
  let run: ConnectorRun;
  let outcomes: Awaited<ReturnType<ConnectorRun['check']>>;

  beforeAll(async () => {
    run = await connectorRun(sdkBotCommand, { timings: { recoverWithinMs: 1_500 } });
    outcomes = await run.check();
  }, 40_000);

  afterAll(() => run?.dispose());

  it('UMS-01 to UMS-11 and UMS-14 pass; UMS-12 and UMS-13 fail (no reconnect, no refresh)', () => {
    expect(statuses(outcomes)).toEqual({
      'UMS-01': 'pass',
      'UMS-02': 'pass',
      'UMS-03': 'pass',
      'UMS-04': 'pass',
      'UMS-05': 'pass',
      'UMS-06': 'pass',
      'UMS-07': 'pass',
      'UMS-08': 'pass',
      'UMS-09': 'pass',
      'UMS-10': 'pass',
      'UMS-11': 'pass',
      'UMS-12': 'fail',
      'UMS-13': 'fail',
      'UMS-14': 'pass',
    });
  });

  it('UMS-12 fails the bot that does not reconnect after the mock cut its socket (1006)', () => {
    const outcome = outcomes.get('UMS-12');
    expect(outcome?.message).toMatch(
      /^UMS-12: expected .* got after the mock cut the socket without a close frame \(1006\), no new socket was opened/,
    );
    expect(outcome?.evidence?.some((e) => e.kind === 'note' && e.text.includes('1006'))).toBe(true);
  });

  it('UMS-13 fails the bot that neither refreshes nor logs in again when its session ends', () => {
    const outcome = outcomes.get('UMS-13');
    expect(outcome?.actual).toMatch(
      /^no (open socket|answer to a conversation) .* its session expired and it did not log in again/,
    );
    // The mock issued LivePerson's 8 h session and ended it: the timeline shows the 4401 close.
    const timeline = outcome?.evidence?.[0];
    expect(timeline?.kind === 'note' && timeline.text).toMatch(
      /^Session TTL 28800000 ms\. The TTL is too long to watch[\s\S]*closed with 4401/,
    );
  });

  it('UMS-09 and UMS-10 pass on the declared transfer and close utterances', () => {
    expect(outcomes.get('UMS-09')?.message).toContain('[ParticipantsChange REMOVE ASSIGNED_AGENT');
    expect(outcomes.get('UMS-10')?.message).toContain('[ConversationStateField CLOSE]');
  });

  it('keeps the process output as evidence, with the password redacted', () => {
    const session = connectorSession(run.context);
    const text = session
      .outputEvidence()
      .map((e) => (e.kind === 'note' ? e.text : ''))
      .join('\n');
    expect(text).toContain('"event":"connected"');
    expect(text).not.toContain(session.agent.password);
  });
});
