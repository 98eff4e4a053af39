/**
 * BOT-REPLY-11: text messages are neither empty nor whitespace-only (for a connector: the
 * `message` of its text/plain ContentEvents).
 *
 * @see docs/rules.md BOT-REPLY-11 (DF-BC; POLICY)
 */
import type { Check } from '../../harness/index.ts';
import { show } from './reply-view.ts';
import { type Breach, judgeReplies } from './verdict.ts';

/** BOT-REPLY-11: no empty or whitespace-only text. */
export const textNotBlankCheck: Check = {
  ruleId: 'BOT-REPLY-11',
  run: (context) =>
    judgeReplies(context, 'BOT-REPLY-11', (views) => {
      const breaches: Breach[] = [];
      let subjects = 0;
      for (const view of views) {
        for (const item of view.items) {
          if (item.kind !== 'text' && item.kind !== 'private') continue;
          const { value, path } = item.text;
          // A text that is not a string at all is a shape breach (CE-EVENT-03, FAAS-04, UMS-07).
          if (value !== undefined && value !== null && typeof value !== 'string') continue;
          subjects += 1;
          if (typeof value !== 'string' || value.trim() === '') {
            breaches.push({ view, path, got: `the text ${show(value)}` });
          }
        }
      }
      return {
        subjects,
        noun: 'text messages',
        expected: 'text with at least one visible character',
        fix: 'Leave blank messages out of the reply (a DELAY alone is the way to answer nothing).',
        breaches,
        none: 'no reply carried a text message.',
      };
    }),
};
