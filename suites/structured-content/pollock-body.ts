/**
 * BOT-SC-01: every structured-content body (other than a quick-replies wrapper) validates
 * against the json-pollock root schema.
 *
 * @see docs/spec/tpb-platform.md#123-json-pollock-schemas §12.3
 */
import type { Check } from '../../harness/index.ts';
import { type Breach, isObject, judgeReplies, notProvoked, show } from '../bot-reply/index.ts';
import { bodies } from './content-parts.ts';
import { describeErrors, validatePollockBody } from './json-pollock-schema.ts';

/** BOT-SC-01: json-pollock bodies. */
export const pollockBodyCheck: Check = {
  ruleId: 'BOT-SC-01',
  run: (context) =>
    judgeReplies(context, 'BOT-SC-01', (views) => {
      const found = bodies(views);
      const breaches: Breach[] = [];
      for (const { view, item } of found) {
        const { value, path } = item.body;
        if (!isObject(value)) {
          breaches.push({ view, path, got: `structured content ${show(value)}` });
          continue;
        }
        const result = validatePollockBody(value);
        if (!result.valid) {
          breaches.push({
            view,
            path,
            got: `a body json-pollock rejects: ${describeErrors(result.errors, path).join('; ')}`,
          });
        }
      }
      return {
        subjects: found.length,
        noun: 'structured-content bodies',
        expected:
          'a json-pollock rich-content body (card, carousel, carouselSelect, accordionSelect, list or tabs)',
        fix: 'The platform fails to send invalid structured content (…connector.messaging.send-message); build it as json-pollock (rich_content.json) describes.',
        breaches,
        none: notProvoked(context, 'structured-content', 'structured content'),
      };
    }),
};
