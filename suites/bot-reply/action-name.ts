/**
 * BOT-REPLY-03: action names are the target wire format's, in exact case. An unsupported action
 * beside messages is ignored by the platform (warning); alone it is an error escalation.
 *
 * @see docs/spec/tpb-platform.md#22-actions §2.2 (wire names), §2.3
 */
import type { Check } from '../../harness/index.ts';
import { type ActionView, messageItems, type ReplyView, show } from './reply-view.ts';
import { type Breach, judgeReplies } from './verdict.ts';
import { wireFormats } from './wire-format.ts';

/** Every action of the replies, with its reply. */
export function allActions(views: ReplyView[]): Array<{ view: ReplyView; action: ActionView }> {
  return views.flatMap((view) => view.actions.map((action) => ({ view, action })));
}

/** BOT-REPLY-03: action names in exact case. */
export const actionNameCheck: Check = {
  ruleId: 'BOT-REPLY-03',
  run: (context) =>
    judgeReplies(context, 'BOT-REPLY-03', (views) => {
      const names = wireFormats[context.target.kind].actionNames;
      const breaches: Breach[] = [];
      const warnings: Breach[] = [];
      const actions = allActions(views);
      for (const { view, action } of actions) {
        if (action.supported) continue;
        const hint = caseHint(action.name, names);
        if (messageItems(view).length > 0) {
          warnings.push({
            view,
            path: action.path,
            got: `the unsupported action ${show(action.name)}${hint}, which the platform ignored (the messages were sent)`,
          });
        } else {
          breaches.push({
            view,
            path: action.path,
            got: `the unsupported action ${show(action.name)}${hint} and no message`,
          });
        }
      }
      return {
        subjects: actions.length,
        noun: 'actions',
        expected: `an action named ${names.join(', ')} (exact case)`,
        fix: "The platform escalates a reply with no message and only an unsupported action (…verify-ai-response.no-messages-and-not-supported-action); use the wire format's action names in exact case.",
        breaches,
        warnings,
        none: 'no reply carried an action; declare --utterance transfer=…, close=…, ttr=… or invoke-function=… to have this rule checked.',
      };
    }),
};

function caseHint(name: unknown, names: readonly string[]): string {
  if (typeof name !== 'string') return '';
  const match = names.find((known) => known.toLowerCase() === name.toLowerCase());
  if (match) return ` (the name is "${match}")`;
  if (name === 'INVOKE_FUNCTION' && names.includes('INVOCATION')) {
    return ' (INVOKE_FUNCTION is the Custom Endpoint name; functions use "INVOCATION")';
  }
  if (name === 'INVOCATION' && names.includes('INVOKE_FUNCTION')) {
    return ' (INVOCATION is the functions name; a Custom Endpoint uses "INVOKE_FUNCTION")';
  }
  return '';
}
