// Spec: custom-endpoint.md §10 D13 (metadata as a single object); tpb-platform.md §12.1
// (allow-list from the run configuration) and §12.2 (appleBusinessChat metadata is INFO only).
import { afterEach, describe, expect, it } from 'vitest';
import type { BuiltContext } from '../../harness/index.ts';
import type { HarnessConfig } from '../../schemas/index.ts';
import { scriptedContext } from '../bot-reply/test-support/candidates.ts';
import { runCheck } from '../bot-reply/test-support/run-check.ts';
import { builtInContext } from '../test-support/contexts.ts';
import { botScChecks } from './index.ts';
import { singleMetadataReply } from './test-support/content-replies.ts';

// The harness config has no such keys yet; run-options.ts reads them when a config carries them.
const withRunOptions = (options: { richContentChannel?: string; imageHosts?: string[] }) =>
  options as unknown as HarnessConfig;

describe('structured-content variants and run options', () => {
  let built: BuiltContext | undefined;
  afterEach(async () => {
    await built?.dispose();
    built = undefined;
  });

  it('BOT-SC-09 warns about metadata sent as a single object (D13)', async () => {
    built = await scriptedContext(singleMetadataReply);
    const outcome = await runCheck(botScChecks, 'BOT-SC-09', built.context);
    expect(outcome.status, outcome.message).toBe('pass-with-warning');
    expect(outcome.warnings?.[0]).toMatch(
      /\/response\/0\/data\/metadata: a single metadata object/,
    );
  });

  it('BOT-SC-02 reports appleBusinessChat metadata failures as INFO, and BOT-SC-05 fails its quick replies', async () => {
    built = await builtInContext(withRunOptions({ richContentChannel: 'appleBusinessChat' }));
    const body = await runCheck(botScChecks, 'BOT-SC-02', built.context);
    expect(body.status, body.message).toBe('info');
    expect(body.message).toMatch(
      /^BOT-SC-02: bodies are valid for appleBusinessChat; \d+ metadata values are not/,
    );
    const quickReplies = await runCheck(botScChecks, 'BOT-SC-05', built.context);
    expect(quickReplies.status).toBe('fail');
    expect(quickReplies.actual).toContain('does not support LP-Quick Replies');
  });

  it('BOT-SC-07 fails the example when its image host is not on the run allow-list', async () => {
    built = await builtInContext(withRunOptions({ imageHosts: ['images.brand.example'] }));
    const outcome = await runCheck(botScChecks, 'BOT-SC-07', built.context);
    expect(outcome.status).toBe('fail');
    expect(outcome.expected).toContain('images.brand.example, from the run config');
    expect(outcome.actual).toMatch(/^the image host "static\.example\.com"/);
  });

  it('BOT-SC-10 skips when no reply carries encodedMetadata, naming the utterance to declare', async () => {
    built = await scriptedContext(singleMetadataReply);
    const outcome = await runCheck(botScChecks, 'BOT-SC-10', built.context);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain(
      'the encoded-metadata utterance "Send some metadata" was sent',
    );
  });
});
