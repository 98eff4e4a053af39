/**
 * rules.md UMS-05 to UMS-10 (ums.md §7 PublishEvent, §8.2 originators, §9 UpdateConversationField):
 * for each rule a node-agent-sdk connector that breaks it (fixtures/sdk-connector.cjs with one
 * --break switch) makes the rule's check fail, with evidence.
 */
import { describe, it } from 'vitest';
import { brokenOutcome, expectFailure } from './test-support/test-connector.ts';

describe('connectors that mishandle conversations', { timeout: 30_000 }, () => {
  it('UMS-05 fails a connector that publishes into a conversation it does not own', async () => {
    const outcome = await brokenOutcome('UMS-05', ['foreign'], { utterances: {} });
    expectFailure(
      outcome,
      'UMS-05',
      /refused with 403\/404, .*another skill it was never assigned/,
    );
  });

  it('UMS-06 fails a connector that does not answer', async () => {
    const outcome = await brokenOutcome('UMS-06', ['silent'], { utterances: {}, timeoutMs: 700 });
    expectFailure(outcome, 'UMS-06', /^no PublishEvent answering "Hello there"/);
  });

  it('UMS-07 fails a connector that publishes a text event with an empty message', async () => {
    const outcome = await brokenOutcome('UMS-07', ['bad-event'], { utterances: {} });
    expectFailure(
      outcome,
      'UMS-07',
      /\/body\/event\/message: expected a string at least 1 characters long/,
    );
  });

  it('UMS-08 fails a connector that answers its own messages', async () => {
    const outcome = await brokenOutcome('UMS-08', ['echo'], { utterances: {} });
    expectFailure(outcome, 'UMS-08', /bot messages in a row .* echo loop/);
  });

  it('UMS-09 fails a connector that splits a transfer over two requests', async () => {
    const outcome = await brokenOutcome('UMS-09', ['split-transfer'], {
      utterances: { transfer: 'transfer' },
    });
    expectFailure(
      outcome,
      'UMS-09',
      /split over 2 requests: \[Skill UPDATE .*\] then \[ParticipantsChange REMOVE/,
    );
  });

  it('UMS-10 fails a connector that publishes into a conversation after closing it', async () => {
    const outcome = await brokenOutcome('UMS-10', ['publish-after-close'], {
      utterances: { close: 'close' },
    });
    expectFailure(
      outcome,
      'UMS-10',
      /PublishEvent request\(s\) into conversation .* after its close/,
    );
  });
});
