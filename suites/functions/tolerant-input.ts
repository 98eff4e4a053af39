/**
 * FAAS-09: invocations without `context.lpSdes`, with an empty `message`, or with unknown keys
 * in `lpEvent` are answered without error; judged on the harness's own invocations of each kind.
 *
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2 (Input)
 */
import { type Check, fail, pass } from '../../harness/index.ts';
import { describeAnswer, evidenceOf, isPlainObject } from './faas-answers.ts';
import { type FaasProbe, faasProbes, type ProbeName } from './faas-probes.ts';

const edgeProbes: readonly ProbeName[] = [
  'without-lpSdes',
  'empty-message',
  'unknown-lpEvent-keys',
];

const answeredWell = (probe: FaasProbe) =>
  probe.outcome === 'answered' && isPlainObject(probe.output);

export const tolerantInputCheck: Check = {
  ruleId: 'FAAS-09',
  async run(context) {
    const probes = await faasProbes(context);
    const edges = probes.filter((probe) => edgeProbes.includes(probe.name));
    const failed = edges.filter((probe) => !answeredWell(probe));
    if (failed.length > 0) {
      const baseline = probes.find((probe) => probe.name === 'messaging-text');
      const lines = failed.map(describeAnswer);
      const contrast =
        baseline && answeredWell(baseline)
          ? 'The same function answered an ordinary messaging text with engagement attributes.'
          : 'It failed an ordinary messaging text too (see FAAS-01 and FAAS-08).';
      return fail(
        `FAAS-09: expected invocations without lpSdes, with an empty message and with unknown lpEvent keys to be answered without error, got ${failed.length} of ${edges.length} that were not (${failed.map((probe) => probe.name).join(', ')}); first, ${lines[0]}. ${contrast} Read lpSdes and lpEvent defensively and treat an empty message as a valid input.`,
        {
          expected: `callback(null, {messages, context}) for ${edgeProbes.join(', ')}`,
          actual: lines.join('\n'),
          evidence: evidenceOf(failed),
        },
      );
    }
    return pass(
      `FAAS-09: invocations without lpSdes, with an empty message and with unknown lpEvent keys were all answered.`,
    );
  },
};
