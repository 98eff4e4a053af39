// Decision 0012 (the mock under bad input): the traffic log is the mock's evidence of every frame,
// and it is bounded in entries and in text, so a flood of large frames cannot grow it without end.
import { describe, expect, it } from 'vitest';
import { TrafficLog } from './traffic-log.ts';

const frame = (text: string) =>
  ({
    at: 0,
    direction: 'received',
    event: 'frame',
    connectionId: 'ums-1',
    accountId: '1',
    agentId: '1.2',
    text,
    bytes: text.length,
  }) as const;

describe('TrafficLog', () => {
  it('cuts a frame text at textLimit and marks it truncated', () => {
    const log = new TrafficLog({ textLimit: 4 });
    expect(log.record(frame('abcdefgh'))).toMatchObject({ text: 'abcd', truncated: true });
    expect(log.record(frame('abc'))).toMatchObject({ text: 'abc', truncated: false });
  });

  it('drops the oldest entries once their texts pass textBudget, and keeps the newest', () => {
    const log = new TrafficLog({ textLimit: 10, textBudget: 25 });
    for (const text of ['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc', 'dddddddddd'])
      log.record(frame(text));
    expect(log.entries.map((entry) => entry.text)).toEqual(['cccccccccc', 'dddddddddd']);
    expect(log.entries.map((entry) => entry.seq)).toEqual([3, 4]);
  });

  it('keeps one entry even when it alone passes the budget', () => {
    const log = new TrafficLog({ textLimit: 10, textBudget: 10 });
    log.record(frame('aaaaaaaaaa'));
    log.record(frame('bbbbbbbbbb'));
    expect(log.entries.map((entry) => entry.text)).toEqual(['bbbbbbbbbb']);
  });

  it('starts counting again after clear()', () => {
    const log = new TrafficLog({ textLimit: 10, textBudget: 20 });
    log.record(frame('aaaaaaaaaa'));
    log.record(frame('bbbbbbbbbb'));
    log.clear();
    log.record(frame('cccccccccc'));
    log.record(frame('dddddddddd'));
    expect(log.entries).toHaveLength(2);
  });
});
