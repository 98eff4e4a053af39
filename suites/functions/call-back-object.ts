/**
 * FAAS-01: a well-formed invocation is answered with a non-null object.
 *
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2 (Invocation, Errors)
 */
import { type Check, fail, pass } from '../../harness/index.ts';
import { describeAnswer, evidenceOf, type FaasAnswer, isPlainObject } from './faas-answers.ts';
import { faasAnswers } from './faas-probes.ts';

/** An answer that is no object: no body, null, a body that is not JSON, an array or a scalar. */
function notAnObject(answer: FaasAnswer): boolean {
  if (answer.outcome === 'no-body' || answer.outcome === 'not-json') return true;
  return answer.outcome === 'answered' && !isPlainObject(answer.output);
}

export const callBackObjectCheck: Check = {
  ruleId: 'FAAS-01',
  async run(context) {
    const answers = await faasAnswers(context);
    const bad = answers.filter(notAnObject);
    const objects = answers.filter(
      (answer) => answer.outcome === 'answered' && isPlainObject(answer.output),
    );
    if (bad.length > 0) {
      const first = bad[0] as FaasAnswer;
      return fail(
        `FAAS-01: expected every well-formed invocation to be answered with a non-null object, got ${bad.length} answer(s) without one; first: ${describeAnswer(first)}. Call back with callback(null, {messages: [...], context: {...}}) (over HTTP: a JSON object body); LivePerson escalates a missing body with …aivendor.faas.missing-response-body.`,
        {
          expected: 'callback(null, {messages, context}) for every invocation',
          actual: bad.map(describeAnswer).join('\n'),
          evidence: evidenceOf(bad),
        },
      );
    }
    if (objects.length === 0) {
      return fail(
        `FAAS-01: expected well-formed invocations to be answered with a non-null object, got no answer to any of ${answers.length} invocation(s); first: ${answers[0] ? describeAnswer(answers[0]) : 'none'}. Make the function call back with {messages, context} (FAAS-02 and FAAS-08 say why each failed).`,
        {
          expected: 'at least one invocation answered with an object',
          actual: answers.map(describeAnswer).join('\n'),
          evidence: evidenceOf(answers),
        },
      );
    }
    return pass(
      `FAAS-01: ${objects.length} invocation(s) were answered with an object, none without one.`,
    );
  },
};
