/**
 * BOT-SC-02 and BOT-SC-05: structured-content bodies, metadata and the unwrapped quick replies
 * validate with LivePerson's rich-content validator for the run's channel (default `web`).
 * Metadata failures on `appleBusinessChat` are INFO only: that channel allows only its own
 * metadata types.
 *
 * @see docs/spec/tpb-platform.md#122-the-rich-content-validator §12.2
 */
import { type Check, info } from '../../harness/index.ts';
import {
  type Breach,
  isObject,
  judgeReplies,
  notProvoked,
  type ReplyView,
} from '../bot-reply/index.ts';
import { bodies, quickReplyItems } from './content-parts.ts';
import { richContentValidator, validatorErrors } from './rich-content-validator.ts';

type Result = { valid: boolean; errors?: unknown };

/** Calls the validator; a throw on odd input counts as invalid. */
function safely(validate: () => Result): Result {
  try {
    return validate();
  } catch (error) {
    return { valid: false, errors: `the validator threw: ${(error as Error).message}` };
  }
}

/** BOT-SC-02: bodies and metadata for the run's channel. */
export const channelBodyCheck: Check = {
  ruleId: 'BOT-SC-02',
  async run(context) {
    const channel = context.config.richContentChannel;
    const validator = richContentValidator(channel);
    const metadataOnly: Breach[] = [];
    const outcome = await judgeReplies(context, 'BOT-SC-02', (views) => {
      const breaches: Breach[] = [];
      const found = bodies(views);
      for (const { view, item } of found) {
        const { value, path } = item.body;
        // A body that is not an object is BOT-SC-01's breach.
        if (!isObject(value)) continue;
        const result = safely(() => validator.validateBody(value));
        if (!result.valid) {
          breaches.push({
            view,
            path,
            got: `a body the ${channel} validator rejects: ${validatorErrors(result.errors, path).join('; ')}`,
          });
        }
      }
      const metadata = metadataFields(views);
      for (const { view, value, path } of metadata) {
        const result = safely(() => validator.validateMetadata(value));
        if (result.valid) continue;
        const breach = {
          view,
          path,
          got: `metadata the ${channel} validator rejects: ${validatorErrors(result.errors, path).join('; ')}`,
        };
        if (channel === 'appleBusinessChat') metadataOnly.push(breach);
        else breaches.push(breach);
      }
      return {
        subjects: found.length + metadata.length,
        noun: `bodies and metadata (channel ${channel})`,
        expected: `structured content and metadata valid for the ${channel} channel`,
        fix: `Send content the ${channel} channel renders (see @livepersoninc/rich-content-validator), or run with the channel your bot serves.`,
        breaches,
        none: notProvoked(context, 'structured-content', 'structured content or metadata'),
      };
    });
    const [first] = metadataOnly;
    if (outcome.status !== 'pass' || !first) return outcome;
    return info(
      `BOT-SC-02: bodies are valid for appleBusinessChat; ${metadataOnly.length} metadata values are not (first: ${first.got} at ${first.path} in ${first.view.label}). Apple Business Chat allows only its own metadata types, so this is reported only.`,
      [...first.view.evidence],
    );
  },
};

/** The metadata arrays of the replies; a single object is checked as a one-entry array. */
function metadataFields(
  views: ReplyView[],
): Array<{ view: ReplyView; value: object; path: string }> {
  return views.flatMap((view) =>
    view.metadata.flatMap(({ value, path }) => {
      if (Array.isArray(value)) return [{ view, value, path }];
      // The single-object variant is BOT-SC-09's to flag; anything else is its breach.
      if (isObject(value)) return [{ view, value: [value], path }];
      return [];
    }),
  );
}

/** BOT-SC-05: the unwrapped quickReplies for the run's channel. */
export const channelQuickRepliesCheck: Check = {
  ruleId: 'BOT-SC-05',
  run(context) {
    const channel = context.config.richContentChannel;
    const validator = richContentValidator(channel);
    return judgeReplies(context, 'BOT-SC-05', (views) => {
      const breaches: Breach[] = [];
      let subjects = 0;
      for (const { view, item } of quickReplyItems(views)) {
        const { value, path } = item.quickReplies;
        // Not an object at all is BOT-SC-04's breach.
        if (!isObject(value)) continue;
        subjects += 1;
        const result = safely(() => validator.validateQuickReply(value));
        if (!result.valid) {
          breaches.push({
            view,
            path,
            got: `quick replies the ${channel} validator rejects: ${validatorErrors(result.errors, path).join('; ')}`,
          });
        }
      }
      return {
        subjects,
        noun: `quick-replies objects (channel ${channel})`,
        expected: `quickReplies valid for the ${channel} channel`,
        fix: `Send quick replies the ${channel} channel renders (web: 1 to 24 buttons).`,
        breaches,
        none: notProvoked(context, 'quick-replies', 'quick replies'),
      };
    });
  },
};
