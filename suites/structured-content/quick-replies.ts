/**
 * BOT-SC-03 and BOT-SC-04: quick replies go to messaging conversations only, as the wrapper
 * `{message, quickReplies: {type: "quickReplies", itemsPerRow, replies: [...]}}` (connector: a
 * text ContentEvent carrying `message` and `quickReplies`).
 *
 * @see docs/spec/tpb-platform.md#121-rules §12.1, §2.3, §10
 * @see docs/spec/custom-endpoint.md#63-reply §6.3
 */
import type { Check } from '../../harness/index.ts';
import { type Breach, isObject, judgeReplies, notProvoked, show } from '../bot-reply/index.ts';
import { quickReplyItems } from './content-parts.ts';

/** BOT-SC-03: no quick replies in chat. */
export const quickRepliesMessagingOnlyCheck: Check = {
  ruleId: 'BOT-SC-03',
  run: (context) =>
    judgeReplies(context, 'BOT-SC-03', (views) => {
      const found = quickReplyItems(views);
      return {
        subjects: found.length,
        noun: 'quick-replies items',
        expected: 'quick replies in messaging conversations only',
        fix: 'Chat does not support quick replies (…verify-ai-response.quick-replies-not-supported); offer the options as text in chat.',
        breaches: found
          .filter(({ view }) => view.channel === 'chat')
          .map(({ view, item }) => ({
            view,
            path: item.path,
            got: 'quick replies in a chat conversation',
          })),
        none: notProvoked(context, 'quick-replies', 'quick replies'),
      };
    }),
};

/** BOT-SC-04: the quick-replies wrapper shape. */
export const quickRepliesShapeCheck: Check = {
  ruleId: 'BOT-SC-04',
  run: (context) =>
    judgeReplies(context, 'BOT-SC-04', (views) => {
      const found = quickReplyItems(views);
      const breaches: Breach[] = [];
      for (const { view, item } of found) {
        const { message, quickReplies } = item;
        if (typeof message.value !== 'string' || message.value.trim() === '') {
          breaches.push({ view, path: message.path, got: `message ${show(message.value)}` });
          continue;
        }
        const value = quickReplies.value;
        if (!isObject(value)) {
          breaches.push({ view, path: quickReplies.path, got: `quickReplies ${show(value)}` });
        } else if (value.type !== 'quickReplies') {
          breaches.push({
            view,
            path: `${quickReplies.path}/type`,
            got: `type ${show(value.type)}`,
          });
        } else if (!Number.isInteger(value.itemsPerRow)) {
          breaches.push({
            view,
            path: `${quickReplies.path}/itemsPerRow`,
            got: `itemsPerRow ${show(value.itemsPerRow)}`,
          });
        } else if (!Array.isArray(value.replies) || value.replies.length === 0) {
          breaches.push({
            view,
            path: `${quickReplies.path}/replies`,
            got: `replies ${show(value.replies)}`,
          });
        }
      }
      return {
        subjects: found.length,
        noun: 'quick-replies items',
        expected:
          'a non-empty message and quickReplies {type: "quickReplies", itemsPerRow: <integer>, replies: [<at least one>]}',
        fix: 'Send quick replies as {message, quickReplies: {type: "quickReplies", itemsPerRow, replies: [buttons]}}; the message is shown with the buttons.',
        breaches,
        none: notProvoked(context, 'quick-replies', 'quick replies'),
      };
    }),
};
