/**
 * The BOT-REPLY checks (vendor-neutral reply content), one per rule in catalogue order, and the
 * reply views the BOT-SC checks share.
 *
 * @see docs/rules.md BOT-REPLY
 */
import type { Check } from '../../harness/index.ts';
import { actionNameCheck } from './action-name.ts';
import { closeParametersCheck } from './close-action.ts';
import { delayItemCheck } from './delay-item.ts';
import { intentPresentCheck, intentWellFormedCheck } from './intent-info.ts';
import { invokeParametersCheck } from './invoke-action.ts';
import { privateTextCheck } from './private-text.ts';
import { oneActionCheck, replyNotEmptyCheck } from './reply-presence.ts';
import { textNotBlankCheck } from './text-content.ts';
import { transferParametersCheck, transferSkillExistsCheck } from './transfer-action.ts';
import { changeTtrCheck } from './ttr-action.ts';

export {
  type NothingObserved,
  type ObservedReplies,
  observedReplies,
} from './observed-replies.ts';
export {
  type ActionView,
  type Field,
  type ItemView,
  isObject,
  type ReplyChannel,
  type ReplyView,
  type ReplyWire,
  show,
} from './reply-view.ts';
export { type Breach, type Findings, judgeReplies, notProvoked } from './verdict.ts';

/** One check per BOT-REPLY rule. */
export const botReplyChecks: readonly Check[] = [
  replyNotEmptyCheck,
  oneActionCheck,
  actionNameCheck,
  transferParametersCheck,
  transferSkillExistsCheck,
  closeParametersCheck,
  changeTtrCheck,
  invokeParametersCheck,
  delayItemCheck,
  privateTextCheck,
  textNotBlankCheck,
  intentWellFormedCheck,
  intentPresentCheck,
];
