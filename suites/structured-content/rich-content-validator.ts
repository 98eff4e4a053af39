/**
 * LivePerson's `@livepersoninc/rich-content-validator` for the run's channel (default `web`),
 * one validator per channel. It does not check URL schemes; BOT-SC-06/07 do that.
 *
 * The validator sorts a card's `elements` in place before validating, so it only ever sees a copy
 * of what the candidate sent: observed replies are frozen evidence that later rules compare with
 * the transcript (FLOW-02).
 *
 * @see docs/spec/tpb-platform.md#122-the-rich-content-validator §12.2
 */
import { RichContentValidator } from '@livepersoninc/rich-content-validator';
import { HarnessError } from '../../harness/index.ts';
import { describeErrors, type SchemaError } from './json-pollock-schema.ts';

type Result = { valid: boolean; errors?: unknown };

/** The three validations the rules use, each on a copy of its input. */
export interface ChannelValidator {
  validateBody(body: object): Result;
  validateMetadata(metadata: object): Result;
  validateQuickReply(quickReplies: object): Result;
}

const validators = new Map<string, ChannelValidator>();

/** The validator for `channel`; an unknown channel is a configuration error. */
export function richContentValidator(channel: string): ChannelValidator {
  let validator = validators.get(channel);
  if (!validator) {
    const library = createValidator(channel);
    validator = {
      validateBody: (body) => library.validateBody(structuredClone(body)),
      validateMetadata: (metadata) => library.validateMetadata(structuredClone(metadata)),
      validateQuickReply: (quickReplies) =>
        library.validateQuickReply(structuredClone(quickReplies)),
    };
    validators.set(channel, validator);
  }
  return validator;
}

function createValidator(channel: string): RichContentValidator {
  try {
    return new RichContentValidator({ channel } as ConstructorParameters<
      typeof RichContentValidator
    >[0]);
  } catch (cause) {
    throw new HarnessError(
      'TPB_CONFIG',
      `Failed to set up the rich-content validator: unknown channel "${channel}". Use one of facebook, rcsBusinessMessaging, line, appleBusinessChat, web, gbm, whatsapp, viber, twitter, instagram.`,
      { cause },
    );
  }
}

/** The validator's `errors` (a string, ajv errors, or nothing) as short lines. */
export function validatorErrors(errors: unknown, base: string): string[] {
  if (typeof errors === 'string')
    return [errors.length > 300 ? `${errors.slice(0, 299)}…` : errors];
  if (Array.isArray(errors)) return describeErrors(errors as SchemaError[], base);
  return ['invalid (the validator gave no detail)'];
}
