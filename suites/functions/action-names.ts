/**
 * FAAS-05: actions are `context.action` + `context.actionParameters` with faas names; Custom
 * Endpoint names (`INVOKE_FUNCTION`, `skillName`, `{type: "ACTION"}` items) or a top-level
 * `action` are unsupported.
 *
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2 (Output), §2
 */

import { type Check, fail, pass, skipped, type UtteranceKey } from '../../harness/index.ts';
import { faasActionNames } from '../../mocks/index.ts';
import { type FaasAnswer, isPlainObject, noteEvidence, outputs } from './faas-answers.ts';
import { faasAnswers } from './faas-probes.ts';

/** The Custom Endpoint's names for the faas actions (custom-endpoint.md, tpb-platform.md §3.1). */
const customEndpointNames: Record<string, string> = { INVOKE_FUNCTION: 'INVOCATION' };

/** Utterances whose answers should carry an action. */
const actionUtterances: readonly UtteranceKey[] = ['transfer', 'close', 'ttr', 'invoke-function'];

/** What is unsupported about the actions of one output; empty when nothing is. */
export function unsupportedActions(output: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if ('action' in output) {
    problems.push(
      `a top-level action ${JSON.stringify(output.action)} (put it in context.action with context.actionParameters)`,
    );
  }
  const context = isPlainObject(output.context) ? output.context : {};
  const action = context.action;
  if (action !== undefined) {
    if (typeof action !== 'string') {
      problems.push(`context.action ${JSON.stringify(action)} is not an action name`);
    } else if (!faasActionNames.includes(action)) {
      const faasName =
        customEndpointNames[action] ??
        faasActionNames.find((name) => name.toLowerCase() === action.toLowerCase());
      problems.push(
        faasName
          ? `context.action "${action}" is not a faas name (use "${faasName}"; names are case-sensitive)`
          : `context.action "${action}" is not one of ${faasActionNames.join(', ')}`,
      );
    }
    const parameters = context.actionParameters;
    if (
      action === 'TRANSFER' &&
      isPlainObject(parameters) &&
      'skillName' in parameters &&
      !('skill' in parameters)
    ) {
      problems.push('context.actionParameters.skillName is the Custom Endpoint name (use "skill")');
    }
  }
  const messages = Array.isArray(output.messages) ? output.messages : [];
  messages.forEach((message, index) => {
    if (isPlainObject(message) && message.type === 'ACTION') {
      problems.push(
        `messages/${index} is a Custom Endpoint ACTION item (use context.action with context.actionParameters)`,
      );
    }
  });
  return problems;
}

function carriesAction(output: Record<string, unknown>): boolean {
  return (
    'action' in output ||
    (isPlainObject(output.context) && output.context.action !== undefined) ||
    (Array.isArray(output.messages) &&
      output.messages.some((message) => isPlainObject(message) && message.type === 'ACTION'))
  );
}

export const actionNamesCheck: Check = {
  ruleId: 'FAAS-05',
  async run(context) {
    const withAction = outputs(await faasAnswers(context)).filter(
      (answer): answer is FaasAnswer & { output: Record<string, unknown> } =>
        isPlainObject(answer.output) && carriesAction(answer.output),
    );
    const declared = actionUtterances.filter((key) => context.utterances[key]);
    if (withAction.length === 0) {
      if (declared.length === 0) {
        return skipped(
          'FAAS-05: no output carried an action and no action utterance was declared (--utterance transfer=…, close=…, ttr=… or invoke-function=…), so there was no action to judge.',
        );
      }
      return pass(
        `FAAS-05: no output carried an action (the declared ${declared.join(', ')} utterance(s) gave none; the flow rules judge that), so none was unsupported.`,
      );
    }
    const bad = withAction
      .map((answer) => ({ answer, problems: unsupportedActions(answer.output) }))
      .filter(({ problems }) => problems.length > 0);
    if (bad.length > 0) {
      const lines = bad.map(({ answer, problems }) => `${answer.source}: ${problems.join('; ')}`);
      return fail(
        `FAAS-05: expected actions as context.action + context.actionParameters with faas names (${faasActionNames.join(', ')}; TRANSFER with skill), got ${bad.length} of ${withAction.length} output(s) with unsupported actions; first, ${lines[0]}. LivePerson ignores such actions; use the faas wire names of tpb-platform.md §3.2.`,
        {
          expected: `context.action in ${faasActionNames.join(', ')} with context.actionParameters (skill, agentId, withoutPcs, ttrType, lambdaUuid, payload, failOnError)`,
          actual: lines.join('\n'),
          evidence: bad
            .slice(0, 5)
            .flatMap(({ answer }) => [
              noteEvidence(`${answer.source} answered ${JSON.stringify(answer.output)}`),
              ...answer.evidence.filter((item) => item.kind === 'http'),
            ]),
        },
      );
    }
    return pass(
      `FAAS-05: all ${withAction.length} output(s) with an action used context.action with faas names.`,
    );
  },
};
