// Spec: rules.md BOT-SC-03 and BOT-SC-06; tpb-platform.md §12.1 (HTTPS images, quick replies
// in messaging only) and §8 (…quick-replies-not-supported).
import { afterEach, describe, expect, it } from 'vitest';
import type { BuiltContext } from '../../harness/index.ts';
import { runCheck } from '../bot-reply/test-support/run-check.ts';
import { brokenContext } from '../test-support/contexts.ts';
import { botScChecks } from './index.ts';

describe('the broken-bot zoo', () => {
  let built: BuiltContext | undefined;
  afterEach(async () => {
    await built?.dispose();
    built = undefined;
  });

  it('BOT-SC-06 fails http-image, whose card image is served over http://', async () => {
    built = await brokenContext('http-image');
    const outcome = await runCheck(botScChecks, 'BOT-SC-06', built.context);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(
      /^the image URL "http:\/\/static\.example\.com\/cards\/example\.png" at \/response\/0\/data\/structuredContent\/elements\/0\/url/,
    );
  });

  it('BOT-SC-03 fails quick-replies-in-chat, which sends quick replies in chat', async () => {
    built = await brokenContext('quick-replies-in-chat');
    const outcome = await runCheck(botScChecks, 'BOT-SC-03', built.context);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(
      /^quick replies in a chat conversation at \/response\/0 in the chat reply/,
    );
    const codes = outcome.evidence?.flatMap((item) =>
      item.kind === 'escalation' ? [item.code] : [],
    );
    expect(codes).toContain(
      'com.liveperson.bot-connectors-worker.error.pipes.verify-ai-response.quick-replies-not-supported',
    );
  });
});
