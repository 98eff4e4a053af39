import { afterEach, beforeEach, expect, vi } from 'vitest';

// Tests are quiet: a test that writes to the console fails, so noise never hides a real message.
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;

beforeEach(() => {
  for (const method of methods) vi.spyOn(console, method);
});

afterEach(() => {
  for (const method of methods) {
    const calls = vi.mocked(console[method]).mock.calls;
    expect(calls, `console.${method} was called during the test`).toEqual([]);
  }
  vi.restoreAllMocks();
});
