/**
 * BOT-REPLY-01 and BOT-REPLY-02: a reply says something or does something, and does at most one
 * thing.
 *
 * @see docs/spec/tpb-platform.md#23-verification §2.3 (verification), §8 (error codes)
 * @see docs/spec/custom-endpoint.md#63-reply §6.3
 */
import type { Check } from '../../harness/index.ts';
import { messageItems, show } from './reply-view.ts';
import { type Breach, judgeReplies } from './verdict.ts';
import { wireFormats } from './wire-format.ts';

/** BOT-REPLY-01: every reply holds a message item or a supported action. */
export const replyNotEmptyCheck: Check = {
  ruleId: 'BOT-REPLY-01',
  run: (context) =>
    judgeReplies(context, 'BOT-REPLY-01', (views) => {
      const breaches: Breach[] = [];
      let subjects = 0;
      for (const view of views) {
        // Entries of an unknown shape are the shape rules' (CE-EVENT-03, FAAS-04), not a silence.
        if (view.items.some((item) => item.kind === 'unknown')) continue;
        subjects += 1;
        if (messageItems(view).length > 0 || view.actions.some((action) => action.supported)) {
          continue;
        }
        const unsupported = view.actions.map((action) => show(action.name)).join(', ');
        breaches.push({
          view,
          path: wireFormats[view.wire].messagesPath,
          got:
            view.actions.length > 0
              ? `no message and only the unsupported action ${unsupported}`
              : 'no message and no action',
        });
      }
      return {
        subjects,
        noun: 'replies',
        expected:
          'at least one message item (text, structured content, quick replies, private text or delay) or one supported action',
        fix: 'The platform escalates such a reply with …verify-ai-response.missing-action-and-messages; return at least one message or a supported action (a DELAY alone is the way to stay silent).',
        breaches,
        none: 'every observed reply held entries of an unknown shape, which CE-EVENT-03 and FAAS-04 judge.',
      };
    }),
};

/** BOT-REPLY-02: at most one action per reply. */
export const oneActionCheck: Check = {
  ruleId: 'BOT-REPLY-02',
  run: (context) =>
    judgeReplies(context, 'BOT-REPLY-02', (views) => ({
      subjects: views.length,
      noun: 'replies',
      expected: 'at most one action per reply',
      fix: 'The platform escalates a reply with several actions; return one action and put the others in later replies.',
      breaches: views
        .filter((view) => view.actions.length > 1)
        .map((view) => ({
          view,
          path: view.actions.map((action) => action.path).join(', '),
          got: `${view.actions.length} actions (${view.actions.map((a) => show(a.name)).join(', ')})`,
        })),
      none: 'no reply was observed.',
    })),
};
