/**
 * BOT-REPLY-10: private text has non-empty text and `messageAudience` exactly
 * `AGENTS_AND_MANAGERS`; a Custom Endpoint TEXT `messageAudience`, if present, is `ALL` or
 * `AGENTS_AND_MANAGERS`.
 *
 * @see docs/spec/custom-endpoint.md#63-reply §6.3
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2 (Output)
 */
import type { Check } from '../../harness/index.ts';
import { show } from './reply-view.ts';
import { type Breach, judgeReplies, notProvoked } from './verdict.ts';

/** BOT-REPLY-10: private text and message audiences. */
export const privateTextCheck: Check = {
  ruleId: 'BOT-REPLY-10',
  run: (context) =>
    judgeReplies(context, 'BOT-REPLY-10', (views) => {
      const breaches: Breach[] = [];
      let subjects = 0;
      for (const view of views) {
        for (const item of view.items) {
          if (item.kind === 'text' && item.audience) {
            subjects += 1;
            if (item.audience.value !== 'ALL') {
              breaches.push({
                view,
                path: item.audience.path,
                got: `messageAudience ${show(item.audience.value)}`,
              });
            }
          }
          if (item.kind !== 'private') continue;
          subjects += 1;
          if (item.audience.value !== 'AGENTS_AND_MANAGERS') {
            breaches.push({
              view,
              path: item.audience.path,
              got: `messageAudience ${show(item.audience.value)} on a private text`,
            });
          } else if (typeof item.text.value !== 'string' || item.text.value.trim() === '') {
            breaches.push({
              view,
              path: item.text.path,
              got: `private text ${show(item.text.value)}`,
            });
          }
        }
      }
      return {
        subjects,
        noun: 'private texts and message audiences',
        expected:
          'private text with non-empty text and messageAudience "AGENTS_AND_MANAGERS" (a TEXT messageAudience is "ALL" or "AGENTS_AND_MANAGERS")',
        fix: 'Mark agent-only text with messageAudience "AGENTS_AND_MANAGERS" in exact case, and give it text.',
        breaches,
        none: notProvoked(context, 'private-text', 'private text'),
      };
    }),
};
