// Spec: rules.md BOT-REPLY (faas wire); tpb-platform.md §3.2 (function output) and §2.2 (faas
// action names INVOCATION, skill). Functions are judged on their raw callback output.
import { afterEach, describe, expect, it } from 'vitest';
import type { BuiltContext } from '../../harness/index.ts';
import { brokenFunctions, classifyText, type FaasFunction, lambda } from '../../mocks/index.ts';
import { validate } from '../../schemas/index.ts';
import { botReplyChecks } from './index.ts';
import { functionContext } from './test-support/candidates.ts';
import { runCheck } from './test-support/run-check.ts';

function brokenFunction(name: string): FaasFunction {
  const broken = brokenFunctions.find((candidate) => candidate.name === name);
  if (!broken) throw new Error(`No broken function ${name}`);
  return broken.create() as FaasFunction;
}

/** A function whose answer to each example utterance breaks one rule. */
const badFunction: FaasFunction = (input, callback) => {
  const message = typeof input.payload.message === 'string' ? input.payload.message : '';
  const intent = { intentId: 'scripted', confidenceScore: 1 };
  switch (classifyText(message)) {
    case 'delay': // BOT-REPLY-09
      return callback(null, { messages: [{ delay: 1.5 }, 'Done.'], context: intent });
    case 'private-text': // BOT-REPLY-10
      return callback(null, { messages: [{ text: 'A note.', messageAudience: 'ALL' }, 'Ok.'] });
    case 'invoke-function': // BOT-REPLY-08: no payload (only a Custom Endpoint may omit it)
      return callback(null, {
        messages: ['Looking.'],
        context: {
          ...intent,
          action: 'INVOCATION',
          actionParameters: { lambdaUuid: '6f1e2b7c-3c4d-4e5f-8a9b-0c1d2e3f4a5b' },
        },
      });
    case 'ttr': // BOT-REPLY-12: an intent id over 256 characters
      return callback(null, {
        messages: ['Noted.'],
        context: { intentId: 'x'.repeat(300), confidenceScore: 0.5 },
      });
    default: // BOT-REPLY-13: an intentId without a confidenceScore
      return callback(null, { messages: ['Okay.'], context: { intentId: 'fallback' } });
  }
};

describe('functions', () => {
  let built: BuiltContext | undefined;
  afterEach(async () => {
    await built?.dispose();
    built = undefined;
  });

  it('BOT-REPLY-04 fails ce-action-names (skillName instead of skill); BOT-REPLY-03 only warns, its unsupported INVOKE_FUNCTION comes with a message', async () => {
    built = await functionContext(brokenFunction('ce-action-names'));
    const transfer = await runCheck(botReplyChecks, 'BOT-REPLY-04', built.context);
    expect(transfer.status).toBe('fail');
    expect(transfer.actual).toMatch(
      /^skillName \(the Custom Endpoint name\) instead of skill at \/context\/actionParameters/,
    );
    expect(transfer.evidence?.some((item) => item.kind === 'note')).toBe(true);
    for (const item of transfer.evidence ?? [])
      expect(validate('evidence', item).issues).toEqual([]);
    const names = await runCheck(botReplyChecks, 'BOT-REPLY-03', built.context);
    expect(names.status).toBe('pass-with-warning');
    expect(names.warnings?.join('\n')).toContain('INVOKE_FUNCTION is the Custom Endpoint name');
  });

  it('BOT-REPLY-01 skips returns-null, which never passes Test Connection, and says why', async () => {
    built = await functionContext(brokenFunction('returns-null'));
    for (const check of botReplyChecks) {
      const outcome = await check.run(built.context);
      expect(outcome.status, check.ruleId).toBe('skipped');
      expect(outcome.message).toContain('the engine could not start the candidate');
    }
  });

  it('BOT-REPLY-01 leaves outputs that are not objects to FAAS-04 and judges the other replies', async () => {
    const textForText: FaasFunction = (input, callback) => {
      if (input.payload.message !== '') return callback(null, 'OK');
      return (lambda as FaasFunction)(input, callback);
    };
    built = await functionContext(textForText);
    const outcome = await runCheck(botReplyChecks, 'BOT-REPLY-01', built.context);
    expect(outcome.status, outcome.message).toBe('pass');
    expect(outcome.message).toMatch(
      /^BOT-REPLY-01: (\d+) replies in \1 observed replies met the rule\. \d+ replies not in the documented shape were left to the shape rules\./,
    );
  });

  it('BOT-REPLY-08, -09, -10, -12 and -13 fail a function with broken replies', async () => {
    built = await functionContext(badFunction);
    const expectations: Record<string, RegExp> = {
      'BOT-REPLY-08': /^no payload at \/context\/actionParameters\/payload/,
      'BOT-REPLY-09': /^delay 1\.5 at \/messages\/0\/delay/,
      'BOT-REPLY-10': /^messageAudience "ALL" on a private text at \/messages\/0\/messageAudience/,
      'BOT-REPLY-12': /^intentId of 300 characters at \/context\/intentId/,
      'BOT-REPLY-13': /^only intentId, so the platform drops the intent at \/context/,
    };
    for (const [ruleId, actual] of Object.entries(expectations)) {
      const outcome = await runCheck(botReplyChecks, ruleId, built.context);
      expect(outcome.status, `${ruleId}: ${outcome.message}`).toBe('fail');
      expect(outcome.actual).toMatch(actual);
    }
  });
});
