/**
 * ums.md §§2–12 and rules.md UMS-01 to UMS-14, against a conformant node-agent-sdk connector
 * (fixtures/sdk-connector.cjs: reconnect with growing delays, refresh before the TTL, GetClock
 * keep-alive) in its own process, and the documented non-preferred variants that pass with a
 * warning: websocket v=2 (UMS-02), RichContentEvent `message` (UMS-07), a slow keep-alive (UMS-14).
 */
import { describe, expect, it } from 'vitest';
import { connectorSession } from './connector-session.ts';
import { connectorRun, fixtureCommand, statuses } from './test-support/test-connector.ts';

describe('a conformant node-agent-sdk connector', { timeout: 30_000 }, () => {
  it('passes UMS-01 to UMS-14, reconnecting after 1006, 1011 and 4401 and logging in again when its session ends', async () => {
    const run = await connectorRun(fixtureCommand());
    try {
      const outcomes = await run.check();
      expect(statuses(outcomes)).toEqual(
        Object.fromEntries([...outcomes.keys()].map((ruleId) => [ruleId, 'pass'])),
      );
      expect(outcomes.size).toBe(14);
      expect(outcomes.get('UMS-12')?.message).toMatch(/1006 .*1011 .*4401 \(new login\)/);
      expect(outcomes.get('UMS-13')?.message).toMatch(
        /the mock ended its session \(as when its 8 h TTL runs out\), and the connector logged in again 1 time/,
      );
    } finally {
      await run.dispose();
    }
  });

  it('UMS-02 passes with a warning a socket opened with v=2', async () => {
    const run = await connectorRun(fixtureCommand(['api-v2']));
    try {
      const outcome = (await run.check(['UMS-02'])).get('UMS-02');
      expect(outcome?.status).toBe('pass-with-warning');
      expect(outcome?.warnings?.[0]).toMatch(/v=2\.1 is preferred/);
    } finally {
      await run.dispose();
    }
  });

  it('UMS-07 passes with a warning structured content sent as `message`', async () => {
    const run = await connectorRun(fixtureCommand(['rich-message']), {
      config: { utterances: { 'structured-content': 'card' } },
    });
    try {
      const outcome = (await run.check(['UMS-07'])).get('UMS-07');
      expect(outcome?.status).toBe('pass-with-warning');
      expect(outcome?.warnings?.[0]).toMatch(/`content` is preferred/);
    } finally {
      await run.dispose();
    }
  });

  it('UMS-14 passes with a warning GetClock slower than recommended, without pings', async () => {
    const run = await connectorRun(fixtureCommand(['no-ping'], ['--keepalive-ms=600']), {
      timings: { keepAliveWithinMs: 1_500, keepAliveRecommendedMs: 300 },
    });
    try {
      const outcome = (await run.check(['UMS-14'])).get('UMS-14');
      expect(outcome?.status).toBe('pass-with-warning');
      expect(outcome?.message).toMatch(/0 ping\(s\) and \d+ GetClock/);
    } finally {
      await run.dispose();
    }
  });

  it('UMS-13 passes a connector that refreshes before a short TTL, its session never ending', async () => {
    const run = await connectorRun(fixtureCommand(), {
      config: { utterances: {} },
      timings: { sessionTtlMs: 1_200 },
    });
    try {
      const outcome = (await run.check(['UMS-13'])).get('UMS-13');
      expect(outcome?.status, outcome?.message).toBe('pass');
      expect(outcome?.message).toMatch(/refreshed its session \d+ time\(s\) within the 1\.2 s TTL/);
      const ttl = await connectorSession(run.context).ttl();
      expect(ttl.mode).toBe('expiry');
      expect(ttl.endedAt).toBeUndefined();
    } finally {
      await run.dispose();
    }
  });

  it('UMS-13 passes a connector that logs in again after its refresh was refused', async () => {
    const run = await connectorRun(fixtureCommand(['late-refresh']), {
      config: { utterances: {} },
      timings: { sessionTtlMs: 1_000, sessionTtlWatchFactor: 1.6 },
    });
    try {
      const outcome = (await run.check(['UMS-13'])).get('UMS-13');
      expect(outcome?.status).toBe('pass');
      expect(outcome?.message).toMatch(/a refresh was answered 401 .* logged in again/);
    } finally {
      await run.dispose();
    }
  });

  // Regression: node-agent-sdk refreshes every 10 minutes by default; a bot that never reaches
  // its first refresh but logs in again when its session ends keeps serving, as on the platform.
  it('UMS-13 passes a connector that never refreshes but logs in again when its session ends', async () => {
    const run = await connectorRun(fixtureCommand(['no-refresh']), {
      config: { utterances: {} },
      timings: { sessionTtlMs: 600 },
    });
    try {
      const outcome = (await run.check(['UMS-13'])).get('UMS-13');
      expect(outcome?.status, outcome?.message).toBe('pass');
      expect(outcome?.message).toMatch(
        /its session ended .* logged in again \d+ time\(s\) and kept serving/,
      );
    } finally {
      await run.dispose();
    }
  });

  it('stops the connector process when the mock cloud stops', async () => {
    const run = await connectorRun(fixtureCommand());
    await run.check(['UMS-01']);
    const process = connectorSession(run.context).process;
    const exited = new Promise((resolve) => process?.once('exit', resolve));
    await run.context.cloud.stop();
    await exited;
    expect(process?.exit).toBeDefined();
    await run.dispose();
  });
});
