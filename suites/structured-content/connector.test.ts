// Spec: rules.md BOT-SC (connector target); ums.md §7 (PublishEvent: RichContentEvent content,
// ContentEvent quickReplies, envelope metadata and encodedMetadata). The connector's replies are
// its PublishEvent requests in the UMS suite's connector session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltContext } from '../../harness/index.ts';
import { validate } from '../../schemas/index.ts';
import { connectorContext } from '../bot-reply/test-support/candidates.ts';
import { runCheck } from '../bot-reply/test-support/run-check.ts';
import { botScChecks } from './index.ts';

// Quick replies first: the mock refuses the broken card, and the session stops at a refused turn.
const utterances = { 'quick-replies': 'options', 'structured-content': 'card' };
const connectorRules = [
  'BOT-SC-01',
  'BOT-SC-02',
  'BOT-SC-04',
  'BOT-SC-05',
  'BOT-SC-06',
  'BOT-SC-07',
  'BOT-SC-08',
  'BOT-SC-09',
  'BOT-SC-10',
];

describe('a conformant connector', () => {
  let built: BuiltContext;
  beforeAll(async () => {
    built = await connectorContext([], { utterances });
  });
  afterAll(() => built.dispose());

  it.each(connectorRules)('%s passes', async (ruleId) => {
    const outcome = await runCheck(botScChecks, ruleId, built.context);
    expect(outcome.status, outcome.message).toBe('pass');
  });

  it.each(['BOT-SC-03', 'BOT-SC-11'])('%s does not apply to a connector', async (ruleId) => {
    const outcome = await runCheck(botScChecks, ruleId, built.context);
    expect(outcome.status).toBe('skipped');
  });
});

describe('a connector with broken content', () => {
  let built: BuiltContext;
  beforeAll(async () => {
    built = await connectorContext(['--broken'], { utterances, timeoutMs: 1000 });
  });
  afterAll(() => built.dispose());

  it.each([
    ['BOT-SC-04', /^itemsPerRow 1\.5 at \/body\/event\/quickReplies\/itemsPerRow/],
    [
      'BOT-SC-05',
      /^quick replies the web validator rejects: .*replies should NOT have fewer than 1 items/,
    ],
    [
      'BOT-SC-06',
      /^the image URL "http:\/\/cdn\.other\.example\/card\.png" at \/body\/event\/content\/elements\/0\/url/,
    ],
    ['BOT-SC-07', /^the image host "cdn\.other\.example"/],
    ['BOT-SC-08', /^1\d{4} bytes at \/body\/event\/content/],
    ['BOT-SC-09', /^an entry without a type at \/metadata\/0/],
    ['BOT-SC-10', /^"not base64!", which is not base64 at \/encodedMetadata/],
  ])('%s fails the PublishEvent a connector sent', async (ruleId, actual) => {
    const outcome = await runCheck(botScChecks, ruleId, built.context);
    expect(outcome.status, outcome.message).toBe('fail');
    expect(outcome.actual).toMatch(actual);
    expect(outcome.evidence?.[0]).toMatchObject({ kind: 'ums', direction: 'received' });
    for (const item of outcome.evidence ?? [])
      expect(validate('evidence', item).issues).toEqual([]);
  });
});

describe('a connector that sends no structured content', () => {
  let built: BuiltContext;
  beforeAll(async () => {
    built = await connectorContext([]);
  });
  afterAll(() => built.dispose());

  it('BOT-SC-01 skips: no PublishEvent of the connector carried structured content', async () => {
    const outcome = await runCheck(botScChecks, 'BOT-SC-01', built.context);
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toBe(
      'BOT-SC-01: no PublishEvent request of the connector carried structured content; declare --utterance structured-content=<a sentence that makes the bot send it> to have this rule checked.',
    );
  });
});
