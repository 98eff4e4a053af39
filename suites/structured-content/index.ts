/**
 * The BOT-SC checks (structured content, quick replies, metadata, encodedMetadata), one per rule
 * in catalogue order.
 *
 * @see docs/rules.md BOT-SC
 */
import type { Check } from '../../harness/index.ts';
import { bodySizeCheck } from './body-size.ts';
import { channelBodyCheck, channelQuickRepliesCheck } from './channel-validation.ts';
import { httpsImagesCheck, imageHostsCheck } from './image-urls.ts';
import {
  encodedMetadataFormatCheck,
  encodedMetadataMessagingOnlyCheck,
  metadataShapeCheck,
} from './metadata.ts';
import { pollockBodyCheck } from './pollock-body.ts';
import { quickRepliesMessagingOnlyCheck, quickRepliesShapeCheck } from './quick-replies.ts';

/** One check per BOT-SC rule. */
export const botScChecks: readonly Check[] = [
  pollockBodyCheck,
  channelBodyCheck,
  quickRepliesMessagingOnlyCheck,
  quickRepliesShapeCheck,
  channelQuickRepliesCheck,
  httpsImagesCheck,
  imageHostsCheck,
  bodySizeCheck,
  metadataShapeCheck,
  encodedMetadataFormatCheck,
  encodedMetadataMessagingOnlyCheck,
];
