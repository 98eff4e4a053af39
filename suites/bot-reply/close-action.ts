/**
 * BOT-REPLY-06: CLOSE_CONVERSATION parameters, when present, hold only a boolean `withoutPcs`.
 *
 * @see docs/spec/tpb-platform.md#22-actions §2.2
 * @see docs/spec/custom-endpoint.md#63-reply §6.3
 */
import type { Check } from '../../harness/index.ts';
import { allActions } from './action-name.ts';
import { isObject, show } from './reply-view.ts';
import { type Breach, judgeReplies, notProvoked } from './verdict.ts';

/** BOT-REPLY-06: CLOSE_CONVERSATION parameters. */
export const closeParametersCheck: Check = {
  ruleId: 'BOT-REPLY-06',
  run: (context) =>
    judgeReplies(context, 'BOT-REPLY-06', (views) => {
      const closes = allActions(views).filter(({ action }) => action.name === 'CLOSE_CONVERSATION');
      const breaches: Breach[] = [];
      for (const { view, action } of closes) {
        if (!action.parameters) continue;
        const { value, path } = action.parameters;
        if (!isObject(value)) {
          breaches.push({ view, path, got: `parameters ${show(value)}` });
          continue;
        }
        const extra = Object.keys(value).filter((key) => key !== 'withoutPcs');
        if (extra.length > 0) {
          breaches.push({ view, path, got: `the extra parameters ${extra.join(', ')}` });
        } else if ('withoutPcs' in value && typeof value.withoutPcs !== 'boolean') {
          breaches.push({
            view,
            path: `${path}/withoutPcs`,
            got: `withoutPcs ${show(value.withoutPcs)}`,
          });
        }
      }
      return {
        subjects: closes.length,
        noun: 'CLOSE_CONVERSATION actions',
        expected: 'no parameters, {} or {withoutPcs: <boolean>}',
        fix: 'Send withoutPcs: true to close without the post-conversation survey, and nothing else.',
        breaches,
        none: notProvoked(context, 'close', 'a CLOSE_CONVERSATION action'),
      };
    }),
};
