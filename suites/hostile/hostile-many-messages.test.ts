/**
 * A hostile candidate that answers each event with 10,000 text messages. The platform documents
 * no limit on messages per reply, so the engine delivers them all and the verdict is a pass; the
 * run ends in bounded time (it used to give no verdict after 300 s).
 */
import { expect, it } from 'vitest';
import { certifyHostile } from './test-support/certify-hostile.ts';

it('ten-thousand-messages passes, every message delivered, within 150 s', {
  timeout: 180_000,
}, async () => {
  const run = await certifyHostile('ten-thousand-messages', 5000);
  expect(run.failed).toEqual([]);
  expect(run.exitCode).toBe(0);
  expect(run.durationMs).toBeLessThan(150_000);
  // Reports keep the first and last events of each conversation and count the rest.
  const lengths = run.conversations.map(
    (conversation) => conversation.events.length + (conversation.eventsLeftOut ?? 0),
  );
  expect(Math.max(...lengths)).toBeGreaterThan(10_000);
  const last = run.conversations.flatMap((conversation) =>
    conversation.events.filter((event) => event.message === 'Message 10000 of 10000.'),
  );
  expect(last.length).toBeGreaterThan(0);
  expect(Math.max(...run.conversations.map((c) => c.events.length))).toBeLessThanOrEqual(500);
  expect(JSON.stringify(run.report).length).toBeLessThan(8 * 1024 * 1024);
});
