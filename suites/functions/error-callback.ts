/**
 * FAAS-08: a well-formed invocation never ends in an error callback (nor a throw, a rejection
 * or, over HTTP, an error status): LivePerson treats it as a failed invocation and escalates.
 *
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2 (Errors), §8
 */
import { type Check, fail, pass } from '../../harness/index.ts';
import { describeAnswer, evidenceOf } from './faas-answers.ts';
import { faasAnswers } from './faas-probes.ts';

export const errorCallbackCheck: Check = {
  ruleId: 'FAAS-08',
  async run(context) {
    const answers = await faasAnswers(context);
    const errors = answers.filter((answer) => answer.outcome === 'error');
    if (errors.length > 0) {
      const lines = errors.map(describeAnswer);
      return fail(
        `FAAS-08: expected no well-formed invocation to end in an error, got ${errors.length} of ${answers.length} that did; first, ${lines[0]}. Catch errors inside the function and answer with messages (e.g. an apology or a TRANSFER) instead of callback(error); LivePerson escalates an error with …aivendor.faas.invoke-lambda.`,
        {
          expected: 'callback(null, {messages, context}) on every path',
          actual: lines.join('\n'),
          evidence: evidenceOf(errors),
        },
      );
    }
    return pass(`FAAS-08: none of ${answers.length} invocation(s) ended in an error.`);
  },
};
