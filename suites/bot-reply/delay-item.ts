/**
 * BOT-REPLY-09: a delay is a whole number of seconds ≥ 1 (custom-endpoint DELAY `seconds`, faas
 * `delay`) with a boolean `typing` if present.
 *
 * @see docs/spec/custom-endpoint.md#63-reply §6.3
 * @see docs/spec/tpb-platform.md#32-liveperson-functions §3.2 (Output)
 */
import type { Check } from '../../harness/index.ts';
import { show } from './reply-view.ts';
import { type Breach, judgeReplies, notProvoked } from './verdict.ts';
import { wireFormats } from './wire-format.ts';

/** BOT-REPLY-09: delay items. */
export const delayItemCheck: Check = {
  ruleId: 'BOT-REPLY-09',
  run: (context) =>
    judgeReplies(context, 'BOT-REPLY-09', (views) => {
      const breaches: Breach[] = [];
      let subjects = 0;
      for (const view of views) {
        for (const item of view.items) {
          if (item.kind !== 'delay') continue;
          subjects += 1;
          const { seconds, typing } = item;
          if (!Number.isInteger(seconds.value) || (seconds.value as number) < 1) {
            const key = wireFormats[view.wire].delaySeconds;
            breaches.push({ view, path: seconds.path, got: `${key} ${show(seconds.value)}` });
          } else if (typing && typeof typing.value !== 'boolean') {
            breaches.push({ view, path: typing.path, got: `typing ${show(typing.value)}` });
          }
        }
      }
      return {
        subjects,
        noun: 'delay items',
        expected: 'a whole number of seconds of at least 1 and, if present, a boolean typing',
        fix: 'Pause in whole seconds (custom-endpoint {type: "DELAY", data: {seconds, typing?}}, faas {delay, typing?}).',
        breaches,
        none: notProvoked(context, 'delay', 'a DELAY'),
      };
    }),
};
