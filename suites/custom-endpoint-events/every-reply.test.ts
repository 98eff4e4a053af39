// Spec: rules.md CE-EVENT-03, custom-endpoint.md §6.3. CE-EVENT-03 judges the items of every
// reply observed during the run, not only the replies to the declared utterances: a bot whose
// malformed item appears only in its reply to an event nobody declared fails it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerFileIdentifier, jsonAnswer } from '../../mocks/index.ts';
import {
  type BenchContext,
  CandidateBench,
} from '../custom-endpoint-shared/test-support/fixtures.ts';
import { ceEventChecks, responseItemsCheck } from './index.ts';

let bench: CandidateBench;
beforeAll(async () => {
  bench = await CandidateBench.start();
});
afterAll(() => bench.dispose());

/** A TEXT item whose text is under `text` instead of `message`. */
const malformed = { type: 'TEXT', data: { text: 'Nice!' } };

/** The example, answering the events `breaks` picks with one malformed item. */
const breaking = (breaks: (event: { type: string; message?: string }) => boolean) =>
  bench.example({
    hooks: {
      answer: (answer, context) =>
        context.route === 'event' && context.event && breaks(context.event)
          ? jsonAnswer(200, { response: [malformed], analytics: { intents: [] } })
          : answer,
    },
  });

/** `RULE:status` of every CE-EVENT check that did not simply pass. */
async function verdicts(built: BenchContext): Promise<string[]> {
  const found: string[] = [];
  for (const check of ceEventChecks) {
    const outcome = await check.run(built.context);
    if (outcome.status !== 'pass') found.push(`${check.ruleId}:${outcome.status}`);
  }
  return found;
}

describe('CE-EVENT-03 on every reply of the run', () => {
  it('fails a bot whose only malformed item answers consumer rich content', async () => {
    const built = await breaking((event) => event.type === 'RICH_CONTENT');
    const outcome = await responseItemsCheck.run(built.context);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(
      /^the session's messaging rich-content event \(rich-content, conversation [^)]+\): response\[0\] \(TEXT\) has data.message missing, not a string$/,
    );
    expect(outcome.evidence?.some((item) => item.kind === 'http')).toBe(true);
    // CE-EVENT-04 sends rich content itself and wants a valid reply.
    expect(await verdicts(built)).toEqual(['CE-EVENT-03:fail', 'CE-EVENT-04:fail']);
  });

  it('fails a bot whose only malformed item answers a consumer file', async () => {
    const built = await breaking(
      (event) => event.type === 'TEXT' && event.message === consumerFileIdentifier,
    );
    const outcome = await responseItemsCheck.run(built.context);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toMatch(
      /^the session's messaging file event \(file, conversation [^)]+\): response\[0\] \(TEXT\) has data.message missing, not a string$/,
    );
    // No CE-EVENT check sends the file identifier itself: only the session saw this reply.
    expect(await verdicts(built)).toEqual(['CE-EVENT-03:fail']);
  });

  it('fails a bot whose only malformed item answers the welcome event, in the session too', async () => {
    const built = await breaking((event) => event.type === 'START');
    const outcome = await responseItemsCheck.run(built.context);
    expect(outcome.status).toBe('fail');
    expect(outcome.actual).toContain('CHAT START: response[0] (TEXT) has data.message missing');
    expect(outcome.actual).toMatch(/the session's chat welcome event \(welcome, conversation /);
    // CE-EVENT-05 (SHOULD) wants a valid reply to START.
    expect(await verdicts(built)).toEqual(['CE-EVENT-03:fail', 'CE-EVENT-05:fail']);
  });
});
