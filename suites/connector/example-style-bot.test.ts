/**
 * rules.md UMS-12 and UMS-13 against a node-agent-sdk 1.2.0 bot shaped like the SDK's own examples
 * (fixtures/example-style-bot.cjs): default refreshSessionInterval (10 minutes, so it never
 * refreshes here) and the README's reconnect on `closed` and on an `error` 401. The mock issues
 * LivePerson's 8 h session; UMS-13 ends it (4401) and the bot must log in again, come back ONLINE
 * and answer, as it would on the platform.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../harness/index.ts';
import { connectorSession, type TtlResult } from './connector-session.ts';
import { type ConnectorRun, connectorRun } from './test-support/test-connector.ts';

const bot = fileURLToPath(new URL('./fixtures/example-style-bot.cjs', import.meta.url));
/** The README's 5 s first retry, shortened to fit the test's recovery bound. */
const command = `"${process.execPath}" "${bot}" --retry-ms=200`;

describe('a node-agent-sdk bot in the style of the SDK examples', { timeout: 30_000 }, () => {
  let run: ConnectorRun;
  let outcomes: Map<string, CheckOutcome>;
  let ttl: TtlResult;

  beforeAll(async () => {
    run = await connectorRun(command, { config: { utterances: {} } });
    outcomes = await run.check(['UMS-12', 'UMS-13']);
    ttl = await connectorSession(run.context).ttl();
  }, 30_000);

  afterAll(() => run?.dispose());

  it('UMS-13 passes: the mock ends its 8 h session and the bot logs in again and answers', () => {
    const outcome = outcomes.get('UMS-13');
    expect(outcome?.status, outcome?.message).toBe('pass');
    expect(outcome?.message).toMatch(
      /^UMS-13: the mock ended its session \(as when its 8 h TTL runs out\), and the connector logged in again 1 time\(s\) and kept serving: ONLINE and subscribed again after .* answered a new conversation/,
    );
    expect(ttl.mode).toBe('end');
    expect(ttl.ttlMs).toBe(28_800_000);
    // It never refreshed: a 10-minute refresh interval is not reached, as with any real bot here.
    expect(ttl.refreshes).toEqual([]);
    expect(ttl.closes?.map((entry) => entry.code)).toEqual([4401]);
    expect(ttl.relogin?.createdAt).toBeGreaterThanOrEqual(ttl.endedAt ?? Number.POSITIVE_INFINITY);
  });

  it('UMS-12 passes as before: it comes back from 1006, 1011 and 4401', () => {
    const outcome = outcomes.get('UMS-12');
    expect(outcome?.status, outcome?.message).toBe('pass');
    expect(outcome?.message).toMatch(/1006 answered .*1011 \(new login\) .*4401 \(new login\)/);
  });

  it('reports the 4401 close and a reconnect with a new login in its own output', () => {
    const output = connectorSession(run.context)
      .outputEvidence()
      .map((e) => (e.kind === 'note' ? e.text : ''))
      .join('\n');
    expect(output).toContain('"event":"closed","code":4401');
    expect(output).toContain('"event":"reconnecting","attempt":1,"newLogin":true');
  });
});
