import { describe, expect, it } from 'vitest';
import { cutText, recordedTextLimit, withLongStringsCut } from './recorded-text.ts';

describe('cutText', () => {
  it('keeps short texts and cuts long ones with a count of what was left out', () => {
    expect(cutText('short')).toBe('short');
    const long = 'x'.repeat(recordedTextLimit + 10);
    expect(cutText(long)).toBe(`${'x'.repeat(recordedTextLimit)}… [cut: 10 more characters]`);
  });

  it('counts from the original length when a cut text is cut again', () => {
    const once = cutText('y'.repeat(1_000_000));
    expect(cutText(once, 100)).toBe(`${'y'.repeat(100)}… [cut: 999900 more characters]`);
    expect(cutText(once)).toBe(once);
  });
});

describe('withLongStringsCut', () => {
  it('returns the value itself when nothing is long', () => {
    const value = { response: [{ type: 'TEXT', data: { message: 'hi' } }] };
    expect(withLongStringsCut(value)).toBe(value);
  });

  it('cuts long strings in a copy, at any depth, and leaves the original whole', () => {
    const long = 'z'.repeat(recordedTextLimit + 1);
    let deep: unknown = long;
    for (let level = 0; level < 5000; level++) deep = [deep];
    const value = { message: long, nested: deep };
    const cut = withLongStringsCut(value);
    expect(cut.message).toBe(`${'z'.repeat(recordedTextLimit)}… [cut: 1 more characters]`);
    let inner: unknown = cut.nested;
    while (Array.isArray(inner)) inner = inner[0];
    expect(inner).toBe(cut.message);
    expect(value.message).toBe(long);
  });

  it('gives a value reached twice one copy, cut, reached from both places', () => {
    const shared = { message: 'v'.repeat(recordedTextLimit + 1) };
    const cut = withLongStringsCut({ raw: [shared], parts: [{ value: shared }] });
    expect(cut.parts[0]?.value).toBe(cut.raw[0]);
    expect(cut.raw[0]?.message).toBe(`${'v'.repeat(recordedTextLimit)}… [cut: 1 more characters]`);
  });

  it('ends on cyclic values', () => {
    const cyclic: Record<string, unknown> = { text: 'w'.repeat(recordedTextLimit + 1) };
    cyclic.self = cyclic;
    expect(withLongStringsCut({ a: 1, cyclic: { self: {} } })).toEqual({
      a: 1,
      cyclic: { self: {} },
    });
    expect((withLongStringsCut(cyclic).text as string).length).toBeLessThan(recordedTextLimit + 40);
  });
});
