import { describe, expect, it } from 'vitest';
import { validate } from './validate.ts';

describe('validate', () => {
  it('returns the typed value when it matches', () => {
    const result = validate('ce-bot-state', { state: 'online', version: '1.2.3' });
    expect(result).toEqual({ ok: true, value: { state: 'online', version: '1.2.3' }, issues: [] });
  });

  it('reports every problem at once, each with path, expected and actual', () => {
    const result = validate('ce-bot-state', { state: 'ONLINE', extra: 1 });
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual(
      expect.arrayContaining([
        {
          path: '/state',
          keyword: 'enum',
          expected: 'one of "online", "offline", "error", "maintenance"',
          actual: '"ONLINE"',
          message:
            '/state: expected one of "online", "offline", "error", "maintenance", got "ONLINE"',
        },
        expect.objectContaining({ path: '/version', keyword: 'required', actual: 'missing' }),
      ]),
    );
    // The schema is open (a candidate's body, read tolerantly): `extra` is no problem.
    expect(result.issues).toHaveLength(2);
  });

  it('names the value kind on a type mismatch at the root', () => {
    const result = validate('ce-bot-state', [1, 2]);
    expect(result.issues).toEqual([
      expect.objectContaining({
        path: '',
        keyword: 'type',
        expected: 'type object',
        actual: 'array [1,2]',
      }),
    ]);
  });

  it('never throws for values that are not JSON', () => {
    const cyclic: Record<string, unknown> = { state: 'unknown', version: '1' };
    cyclic.self = cyclic;
    for (const value of [undefined, Symbol('x'), () => 1, 10n, cyclic, new Date(0)]) {
      const result = validate('ce-bot-state', value);
      expect(result.ok).toBe(false);
      expect(result.issues.length).toBeGreaterThan(0);
      for (const issue of result.issues) expect(issue.message).toMatch(/expected .+, got .+/);
    }
  });

  it('shortens long actual values', () => {
    const result = validate('ce-bot-state', { state: 'x'.repeat(500), version: '1' });
    expect(result.issues[0]?.actual.length).toBeLessThanOrEqual(80);
  });

  it('refuses an unknown schema id with a message that says what to use', () => {
    expect(() => validate('no-such-schema' as never, {})).toThrow(
      /unknown schema id "no-such-schema"/,
    );
  });
});
