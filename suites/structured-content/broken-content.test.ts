// Spec: rules.md BOT-SC-01, -02, -04, -05 and -07 to -11; tpb-platform.md §2.4, §11 and §12.
// A scripted Custom Endpoint sends broken structured content, quick replies and metadata.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltContext } from '../../harness/index.ts';
import { validate } from '../../schemas/index.ts';
import { scriptedContext } from '../bot-reply/test-support/candidates.ts';
import { runCheck } from '../bot-reply/test-support/run-check.ts';
import { botScChecks } from './index.ts';
import { badContentReply } from './test-support/content-replies.ts';

describe('a Custom Endpoint with broken structured content', () => {
  let built: BuiltContext;
  beforeAll(async () => {
    built = await scriptedContext(badContentReply);
  });
  afterAll(() => built.dispose());

  const failing = async (ruleId: string, actual: RegExp) => {
    const outcome = await runCheck(botScChecks, ruleId, built.context);
    expect(outcome.status, outcome.message).toBe('fail');
    expect(outcome.actual).toMatch(actual);
    expect(outcome.message).toMatch(new RegExp(`^${ruleId}: expected .+, got .+\\. \\S`));
    expect(outcome.evidence?.some((item) => item.kind === 'http')).toBe(true);
    for (const item of outcome.evidence ?? [])
      expect(validate('evidence', item).issues).toEqual([]);
  };

  it('BOT-SC-01 fails a body json-pollock rejects', () =>
    failing('BOT-SC-01', /^a body json-pollock rejects: .*\/response\/0\/data\/structuredContent/));

  it('BOT-SC-02 fails a body the web rich-content validator rejects', () =>
    failing('BOT-SC-02', /^a body the web validator rejects: .*bogus/));

  it('BOT-SC-04 fails quick replies with an empty message', () =>
    failing('BOT-SC-04', /^message "" at \/response\/0\/data\/structuredContent\/message/));

  it('BOT-SC-05 fails quick replies with no replies', () =>
    failing(
      'BOT-SC-05',
      /^quick replies the web validator rejects: .*replies should NOT have fewer than 1 items/,
    ));

  it('BOT-SC-07 fails an image host off the allow-list and an http link', async () => {
    await failing('BOT-SC-07', /^the image host "cdn\.other\.example" at .*\/elements\/0\/url/);
    const outcome = await runCheck(botScChecks, 'BOT-SC-07', built.context);
    expect(outcome.evidence?.find((item) => item.kind === 'note')).toMatchObject({
      text: expect.stringContaining('the link URI "http://www.example.com/"'),
    });
  });

  it('BOT-SC-08 fails a body over 15000 bytes', () =>
    failing('BOT-SC-08', /^1\d{4} bytes at \/response\/1\/data\/structuredContent/));

  it('BOT-SC-09 fails a metadata entry without a type', () =>
    failing('BOT-SC-09', /^an entry without a type at \/response\/1\/data\/metadata\/0/));

  it('BOT-SC-10 fails encodedMetadata that is not base64', () =>
    failing(
      'BOT-SC-10',
      /^"not base64!", which is not base64 at \/response\/0\/data\/encodedMetadata/,
    ));

  it('BOT-SC-11 fails encodedMetadata in a chat conversation', () =>
    failing('BOT-SC-11', /^encodedMetadata in a chat conversation at .* in the chat reply/));

  it('BOT-SC-03 passes: the quick replies went to messaging only', async () => {
    const outcome = await runCheck(botScChecks, 'BOT-SC-03', built.context);
    expect(outcome.status).toBe('pass');
  });
});
