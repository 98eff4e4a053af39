import { describe, expect, it } from 'vitest';
import type { VendorHttpResult } from '../../mocks/index.ts';
import { CandidateInterruption } from './candidate-interruption.ts';

const base = 'http://127.0.0.1:1/v1/bots/b/environments/draft';
const events = `${base}/conversations/c1/events`;
const state = `${base}/state`;

/** A result as `callVendor` gives it, for a request that took `durationMs`. */
function result(kind: VendorHttpResult['kind'], durationMs = 1000): VendorHttpResult {
  const exchange = {
    attempt: 1,
    request: { method: 'POST', url: events, headers: {} },
    timing: { startedAt: new Date().toISOString(), durationMs },
    curl: 'curl',
  };
  return kind === 'response'
    ? {
        kind,
        status: 200,
        headers: {},
        rawHeaders: {},
        body: { text: '', bytes: 0, truncated: false },
        exchange,
        echoed: false,
      }
    : { kind, detail: 'timeout after 1000 ms', exchange, echoed: false };
}

describe('CandidateInterruption', () => {
  it('stops sending after three rounds of timeouts on one route', async () => {
    const gate = new CandidateInterruption();
    for (let round = 1; round <= 3; round++) {
      expect(gate.refuse(events)).toBeUndefined();
      // Each request is sent after the previous one timed out.
      await new Promise((resolve) => setTimeout(resolve, 5));
      gate.settle(events, result('timeout', 1));
    }
    expect(gate.interruption?.route).toBe('event');
    expect(gate.interruption?.timeouts).toHaveLength(3);
    expect(gate.refuse(state)).toMatch(/^not sent: the candidate stopped answering: 3 requests/);
  });

  it('counts a burst of concurrent timeouts as one round', () => {
    const gate = new CandidateInterruption();
    // 999 requests in flight together, all timing out: each was sent before the first timed out.
    for (let call = 0; call < 999; call++) gate.settle(events, result('timeout', 60_000));
    expect(gate.interruption).toBeUndefined();
  });

  it('starts counting again after an answer, and never counts errors or other routes', async () => {
    const gate = new CandidateInterruption();
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    gate.settle(events, result('timeout', 1));
    await tick();
    gate.settle(events, result('timeout', 1));
    gate.settle(events, result('response'));
    await tick();
    gate.settle(events, result('timeout', 1));
    await tick();
    gate.settle(state, result('timeout', 1));
    await tick();
    gate.settle(events, result('unreachable', 1));
    expect(gate.interruption).toBeUndefined();
    await tick();
    gate.settle(events, result('timeout', 1));
    await tick();
    gate.settle(events, result('timeout', 1));
    expect(gate.interruption?.route).toBe('event');
  });
});
