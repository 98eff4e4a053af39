// Issue 13 (the mock under bad input); decision 0014. A flood of frames gets one response per
// frame, and what the mock keeps of it is bounded: the traffic log keeps the latest 10,000 entries
// within its text budget, so a second flood leaves the heap where the first one left it.
import { once } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { UmsResponseFrame } from '../../ums/ums-connection.ts';
import { type BadFrame, refusedFrames } from './test-support/bad-frames.ts';
import { defaultFuzzSeed } from './test-support/fuzz-budget.ts';
import { settledHeapBytes } from './test-support/settled-heap.ts';
import { startUmsFuzzBed } from './test-support/ums-fuzz-bed.ts';

const bed = await startUmsFuzzBed();
const traffic = bed.cloud.ums.traffic;
const MiB = 1024 * 1024;

/** A plain socket that counts responses by code and keeps nothing else. */
async function floodClient(loginName: string): Promise<WebSocket> {
  const ws = new WebSocket(bed.brandUrl(bed.addAgent(loginName)));
  await once(ws, 'open');
  return ws;
}

/** Sends `count` frames at once and resolves with the response codes, counted. */
async function flood(
  ws: WebSocket,
  count: number,
  frameAt: (index: number) => BadFrame,
): Promise<Map<number, number>> {
  const codes = new Map<number, number>();
  let answered = 0;
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Timed out waiting for ${count} responses; ${answered} came.`)),
      30_000,
    );
    const onMessage = (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as UmsResponseFrame;
      if (frame.kind !== 'resp') return;
      codes.set(frame.code, (codes.get(frame.code) ?? 0) + 1);
      answered += 1;
      if (answered < count) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve();
    };
    ws.on('message', onMessage);
  });
  for (let index = 0; index < count; index += 1) {
    const frame = frameAt(index);
    ws.send(frame.data, { binary: frame.binary });
  }
  await done;
  return codes;
}

describe('a flood of frames', () => {
  it('gets one response per frame, and a second flood of 10,000 leaves the heap within 16 MiB', {
    timeout: 60_000,
  }, async () => {
    const count = 10_000;
    const bad = fc.sample(refusedFrames(), { seed: defaultFuzzSeed, numRuns: 200 });
    const clock: BadFrame = {
      mutation: 'a good request',
      data: JSON.stringify({ kind: 'req', id: 'good', type: '.GetClock', body: {} }),
      binary: false,
    };
    // Every tenth frame is a good one, which must still be served in the middle of the flood.
    const frameAt = (index: number) =>
      index % 10 === 9 ? clock : (bad[index % bad.length] as BadFrame);
    const ws = await floodClient('flood-bot');
    const first = await flood(ws, count, frameAt);
    expect(first.get(200)).toBe(count / 10);
    expect([...first.keys()].every((code) => code === 200 || (code >= 400 && code < 500))).toBe(
      true,
    );
    // The first flood filled the traffic log; the second only replaces its entries.
    const before = settledHeapBytes();
    const second = await flood(ws, count, frameAt);
    const after = settledHeapBytes();
    expect(second).toEqual(first);
    expect(traffic.entries.length).toBeLessThanOrEqual(traffic.limit);
    expect(after - before, `heap grew by ${((after - before) / MiB).toFixed(1)} MiB`).toBeLessThan(
      16 * MiB,
    );
    ws.close();
    expect(await bed.bot.request('.GetClock')).toMatchObject({ code: 200 });
  });

  it('of large frames keeps the traffic log within its text budget (48 MiB of heap at most)', {
    timeout: 60_000,
  }, async () => {
    // 300 frames of 512 KiB: a cut text that kept its whole frame would hold 150 MiB.
    const size = 512 * 1024;
    const large = (index: number): BadFrame => ({
      mutation: 'a large frame',
      data: JSON.stringify({
        kind: 'req',
        id: `large-${index}`,
        type: '.ams.NoSuchRequest',
        body: { pad: `${index}`.padEnd(size, 'x') },
      }),
      binary: false,
    });
    const ws = await floodClient('large-frame-bot');
    const before = settledHeapBytes();
    const codes = await flood(ws, 300, large);
    const after = settledHeapBytes();
    // An unknown type: each is refused, after it was read and logged.
    expect(codes).toEqual(new Map([[400, 300]]));
    const kept = traffic.entries.reduce((sum, entry) => sum + (entry.text?.length ?? 0), 0);
    expect(kept).toBeLessThanOrEqual(traffic.textBudget);
    expect(after - before, `heap grew by ${((after - before) / MiB).toFixed(1)} MiB`).toBeLessThan(
      48 * MiB,
    );
    ws.close();
    expect(await bed.bot.request('.GetClock')).toMatchObject({ code: 200 });
  });
});
