/**
 * BOT-REPLY-08: INVOKE_FUNCTION (custom-endpoint) / INVOCATION (faas) has a UUID `lambdaUuid`, a
 * boolean `failOnError` if present, and an object `payload`. A JSON-string payload, or a missing
 * payload on a Custom Endpoint (D16), passes with a warning.
 *
 * @see docs/spec/tpb-platform.md#22-actions §2.2
 * @see docs/spec/custom-endpoint.md#63-reply §6.3, §10 D16
 */
import type { Check } from '../../harness/index.ts';
import { allActions } from './action-name.ts';
import { isObject, show } from './reply-view.ts';
import { type Breach, judgeReplies, notProvoked } from './verdict.ts';
import { wireFormats } from './wire-format.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isJsonText(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

/** BOT-REPLY-08: function invocation parameters. */
export const invokeParametersCheck: Check = {
  ruleId: 'BOT-REPLY-08',
  run: (context) =>
    judgeReplies(context, 'BOT-REPLY-08', (views) => {
      const wireName = wireFormats[context.target.kind].invokeAction;
      const invocations = allActions(views).filter(({ action }) => action.name === wireName);
      const breaches: Breach[] = [];
      const warnings: Breach[] = [];
      for (const { view, action } of invocations) {
        const where = action.parameters?.path ?? action.path;
        const parameters = action.parameters?.value;
        if (!isObject(parameters)) {
          breaches.push({ view, path: where, got: `parameters ${show(parameters)}` });
          continue;
        }
        const { lambdaUuid, failOnError, payload } = parameters;
        if (typeof lambdaUuid !== 'string' || !uuid.test(lambdaUuid)) {
          breaches.push({
            view,
            path: `${where}/lambdaUuid`,
            got: `lambdaUuid ${show(lambdaUuid)}`,
          });
          continue;
        }
        if ('failOnError' in parameters && typeof failOnError !== 'boolean') {
          breaches.push({
            view,
            path: `${where}/failOnError`,
            got: `failOnError ${show(failOnError)}`,
          });
          continue;
        }
        if (isObject(payload)) continue;
        if (payload === undefined && wireFormats[view.wire].payloadOptional) {
          warnings.push({
            view,
            path: where,
            got: 'no payload (the reference implementation makes it optional, D16; an object is preferred)',
          });
        } else if (typeof payload === 'string' && isJsonText(payload)) {
          warnings.push({
            view,
            path: `${where}/payload`,
            got: 'a JSON-string payload (as the docs show it; an object is preferred)',
          });
        } else {
          breaches.push({
            view,
            path: `${where}/payload`,
            got: payload === undefined ? 'no payload' : `payload ${show(payload)}`,
          });
        }
      }
      return {
        subjects: invocations.length,
        noun: `${wireName} actions`,
        expected: `${wireName} parameters {lambdaUuid: <UUID>, payload: <object>, failOnError?: <boolean>}`,
        fix: 'Give the UUID of the LivePerson Function to invoke and an object payload.',
        breaches,
        warnings,
        none: notProvoked(context, 'invoke-function', `an ${wireName} action`),
      };
    }),
};
