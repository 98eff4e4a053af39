import { timingSafeEqual } from 'node:crypto';

/** Compares a secret the mock holds with one a client sent, in time that does not leak the match. */
export function constantTimeEqual(expected: string, actual: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(actual);
  // Unequal lengths return at once: the length of a mock secret is no secret.
  return a.length === b.length && timingSafeEqual(a, b);
}
