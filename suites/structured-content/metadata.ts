/**
 * BOT-SC-09, BOT-SC-10 and BOT-SC-11: `metadata` is an array of typed objects (a single object
 * passes with a warning, D13); `encodedMetadata` is base64 of at most 5000 characters and is
 * not sent in chat conversations.
 *
 * @see docs/spec/tpb-platform.md#24-encodedmetadata-and-metadata §2.4, §11, §12.1
 * @see docs/spec/custom-endpoint.md#63-reply §6.3, §10 D13
 */
import type { Check } from '../../harness/index.ts';
import { encodedMetadataMaxLength } from '../../mocks/index.ts';
import {
  type Breach,
  type Field,
  isObject,
  judgeReplies,
  notProvoked,
  type ReplyView,
  show,
} from '../bot-reply/index.ts';

// Standard base64 with padding: groups of four, "=" only at the end (as the engine checks it).
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const typed = (entry: unknown): boolean =>
  isObject(entry) && typeof entry.type === 'string' && entry.type.trim() !== '';

function fields(
  views: ReplyView[],
  pick: (view: ReplyView) => Field[],
): Array<{ view: ReplyView; field: Field }> {
  return views.flatMap((view) => pick(view).map((field) => ({ view, field })));
}

/** BOT-SC-09: metadata shape. */
export const metadataShapeCheck: Check = {
  ruleId: 'BOT-SC-09',
  run: (context) =>
    judgeReplies(context, 'BOT-SC-09', (views) => {
      const found = fields(views, (view) => view.metadata);
      const breaches: Breach[] = [];
      const warnings: Breach[] = [];
      for (const { view, field } of found) {
        const { value, path } = field;
        if (Array.isArray(value)) {
          const index = value.findIndex((entry) => !typed(entry));
          const entry = value[index];
          if (index !== -1) {
            breaches.push({
              view,
              path: `${path}/${index}`,
              got: !isObject(entry)
                ? `the entry ${show(entry)}`
                : entry.type === undefined
                  ? 'an entry without a type'
                  : `an entry with type ${show(entry.type)}`,
            });
          }
        } else if (typed(value)) {
          warnings.push({
            view,
            path,
            got: 'a single metadata object (OpenAPI variant D13; an array is preferred)',
          });
        } else {
          breaches.push({ view, path, got: `metadata ${show(value)}` });
        }
      }
      return {
        subjects: found.length,
        noun: 'metadata values',
        expected: 'an array of objects, each with a non-empty string type',
        fix: 'Send metadata as [{type: "ExternalId", id: …}, …].',
        breaches,
        warnings,
        none: notProvoked(context, 'structured-content', 'metadata'),
      };
    }),
};

/** BOT-SC-10: encodedMetadata is base64 of at most 5000 characters. */
export const encodedMetadataFormatCheck: Check = {
  ruleId: 'BOT-SC-10',
  run: (context) =>
    judgeReplies(context, 'BOT-SC-10', (views) => {
      const found = fields(views, (view) => view.encodedMetadata);
      const breaches: Breach[] = [];
      for (const { view, field } of found) {
        const { value, path } = field;
        if (typeof value !== 'string') {
          breaches.push({ view, path, got: `encodedMetadata ${show(value)}` });
        } else if (value.length > encodedMetadataMaxLength) {
          breaches.push({ view, path, got: `${value.length} characters` });
        } else if (!base64.test(value)) {
          breaches.push({ view, path, got: `${show(value, 60)}, which is not base64` });
        }
      }
      return {
        subjects: found.length,
        noun: 'encodedMetadata values',
        expected: `a base64 string of at most ${encodedMetadataMaxLength} characters`,
        fix: 'The platform drops a message whose encodedMetadata is not base64 or too long; encode it with standard padded base64.',
        breaches,
        none: notProvoked(context, 'encoded-metadata', 'encodedMetadata'),
      };
    }),
};

/** BOT-SC-11: no encodedMetadata in chat. */
export const encodedMetadataMessagingOnlyCheck: Check = {
  ruleId: 'BOT-SC-11',
  run: (context) =>
    judgeReplies(context, 'BOT-SC-11', (views) => {
      const found = fields(views, (view) => view.encodedMetadata);
      return {
        subjects: found.length,
        noun: 'encodedMetadata values',
        expected: 'encodedMetadata in messaging conversations only',
        fix: 'Chat does not support encodedMetadata and the platform drops such messages; send it in messaging only.',
        breaches: found
          .filter(({ view }) => view.channel === 'chat')
          .map(({ view, field }) => ({
            view,
            path: field.path,
            got: 'encodedMetadata in a chat conversation',
          })),
        none: notProvoked(context, 'encoded-metadata', 'encodedMetadata'),
      };
    }),
};
