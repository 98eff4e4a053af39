import { describe, expect, it } from 'vitest';
import { systemClock } from '../platform/clock.ts';
import type { BotContext } from './bot-context.ts';
import { BotLog } from './bot-log.ts';
import { mockCapacityNote } from './escalation.ts';
import type { NeutralReply } from './neutral-reply.ts';
import { renderReply } from './reply-renderer.ts';
import type { UmsClient } from './ums-client.ts';
import { UmsClientError } from './ums-client-error.ts';

/** A context whose UMS client fails every publish with `error`. */
function failingUms(error: Error): BotContext {
  const ums = { publishEvent: () => Promise.reject(error) } as unknown as UmsClient;
  return {
    ums,
    log: new BotLog(() => Date.now()),
    clock: systemClock,
  } as unknown as BotContext;
}

const conversation = {
  conversationId: 'c1',
  channel: 'messaging' as const,
  skillId: '1',
  consumerId: 'consumer',
};
const reply: NeutralReply = {
  items: [{ kind: 'text', text: 'hello' }],
  actionNames: [],
  warnings: [],
};

describe('renderReply', () => {
  it("marks an escalation caused by the mock's own UMS timing out", async () => {
    const timeout = new UmsClientError('UMS_REQUEST_TIMEOUT', 'Failed to get a response in time.');
    const outcome = await renderReply(failingUms(timeout), conversation, reply);
    expect(outcome).toEqual({
      kind: 'escalate',
      code: 'com.liveperson.bot-connectors-worker.error.connector.messaging.send-message',
      detail: `${mockCapacityNote} Failed to get a response in time.`,
    });
  });

  it('does not mark a publish UMS refused', async () => {
    const refused = new UmsClientError('UMS_REQUEST_FAILED', 'UMS answered 400.');
    const outcome = await renderReply(failingUms(refused), conversation, reply);
    expect(outcome).toMatchObject({ kind: 'escalate', detail: 'UMS answered 400.' });
  });
});
