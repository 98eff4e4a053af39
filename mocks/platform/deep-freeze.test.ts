import { describe, expect, it } from 'vitest';
import { deepFreeze } from './deep-freeze.ts';

describe('deepFreeze', () => {
  it('freezes everything reachable, cycles and typed arrays included', () => {
    const value: Record<string, unknown> = { list: [{ a: 1 }], bytes: new Uint8Array([1]) };
    value.self = value;
    deepFreeze(value);
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.list)).toBe(true);
    expect(Object.isFrozen((value.list as object[])[0])).toBe(true);
  });

  it('handles JSON nested 100,000 deep without overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown[];
    deepFreeze(deep);
    let node: unknown = deep;
    for (let depth = 0; depth < 100_000 && Array.isArray(node); depth += 1) {
      expect(Object.isFrozen(node)).toBe(true);
      node = node[0];
    }
  });
});
