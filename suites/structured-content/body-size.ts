/**
 * BOT-SC-08: each serialized structured content is at most 15000 bytes (the Public API limit).
 *
 * @see docs/spec/tpb-platform.md#11-limits §11, §12.1
 */
import type { Check } from '../../harness/index.ts';
import { structuredContentMaxBytes } from '../../mocks/index.ts';
import { judgeReplies, notProvoked } from '../bot-reply/index.ts';
import { bodies, quickReplyItems } from './content-parts.ts';

const bytesOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '');

/** BOT-SC-08: structured content size. */
export const bodySizeCheck: Check = {
  ruleId: 'BOT-SC-08',
  run: (context) =>
    judgeReplies(context, 'BOT-SC-08', (views) => {
      const sized = [
        ...bodies(views).map(({ view, item }) => ({
          view,
          path: item.body.path,
          bytes: bytesOf(item.body.value),
        })),
        ...quickReplyItems(views).map(({ view, item }) => ({
          view,
          path: item.wrapper.path,
          bytes: bytesOf({ message: item.message.value, quickReplies: item.quickReplies.value }),
        })),
      ];
      return {
        subjects: sized.length,
        noun: 'structured contents',
        expected: `at most ${structuredContentMaxBytes} bytes of serialized structured content`,
        fix: 'Split the content over several messages or trim it; the Public API rejects larger structured content.',
        breaches: sized
          .filter(({ bytes }) => bytes > structuredContentMaxBytes)
          .map(({ view, path, bytes }) => ({ view, path, got: `${bytes} bytes` })),
        none: notProvoked(context, 'structured-content', 'structured content'),
      };
    }),
};
