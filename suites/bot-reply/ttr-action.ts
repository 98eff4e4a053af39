/**
 * BOT-REPLY-07: CHANGE_TTR `ttrType` is URGENT, NORMAL or PRIORITIZED. CUSTOM with a non-empty
 * `value` (OpenAPI orphan schema, D15) and any use in a chat conversation pass with a warning.
 *
 * @see docs/spec/tpb-platform.md#22-actions §2.2, §10
 * @see docs/spec/custom-endpoint.md#63-reply §6.3, §10 D15
 */
import type { Check } from '../../harness/index.ts';
import { allActions } from './action-name.ts';
import { isObject, show } from './reply-view.ts';
import { type Breach, judgeReplies, notProvoked } from './verdict.ts';

const namedTypes: readonly unknown[] = ['URGENT', 'NORMAL', 'PRIORITIZED'];

/** BOT-REPLY-07: CHANGE_TTR parameters. */
export const changeTtrCheck: Check = {
  ruleId: 'BOT-REPLY-07',
  run: (context) =>
    judgeReplies(context, 'BOT-REPLY-07', (views) => {
      const changes = allActions(views).filter(({ action }) => action.name === 'CHANGE_TTR');
      const breaches: Breach[] = [];
      const warnings: Breach[] = [];
      for (const { view, action } of changes) {
        const where = action.parameters?.path ?? action.path;
        const parameters = action.parameters?.value;
        const ttrType = isObject(parameters) ? parameters.ttrType : undefined;
        const value = isObject(parameters) ? parameters.value : undefined;
        const customValue =
          (typeof value === 'string' && value !== '') ||
          (typeof value === 'number' && Number.isFinite(value));
        if (namedTypes.includes(ttrType)) {
          // fine
        } else if (ttrType === 'CUSTOM' && customValue) {
          warnings.push({
            view,
            path: `${where}/ttrType`,
            got: `ttrType "CUSTOM" with value ${show(value)} (legacy variant D15; URGENT, NORMAL or PRIORITIZED is preferred)`,
          });
        } else {
          breaches.push({
            view,
            path: isObject(parameters) ? `${where}/ttrType` : where,
            got:
              ttrType === 'CUSTOM'
                ? `ttrType "CUSTOM" with value ${show(value)}`
                : isObject(parameters)
                  ? `ttrType ${show(ttrType)}`
                  : `parameters ${show(parameters)}`,
          });
          continue;
        }
        if (view.channel === 'chat') {
          warnings.push({
            view,
            path: action.path,
            got: 'CHANGE_TTR in a chat conversation, where it has no effect (messaging only)',
          });
        }
      }
      return {
        subjects: changes.length,
        noun: 'CHANGE_TTR actions',
        expected: 'ttrType "URGENT", "NORMAL" or "PRIORITIZED"',
        fix: 'Use one of the named TTR types in exact case; the platform fails the change with …connector.messaging.change-ttr otherwise.',
        breaches,
        warnings,
        none: notProvoked(context, 'ttr', 'a CHANGE_TTR action'),
      };
    }),
};
