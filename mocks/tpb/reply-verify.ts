/**
 * Verifies a neutral reply before it is rendered, in the order of tpb-platform.md §2.3, then
 * applies the send-time rules the platform enforces per message (§2.4, §12.1).
 *
 * Not judged here: json-pollock bodies, image allow-lists and metadata contents (the BOT-SC-*
 * suites do that), and skill resolution beyond the optional `skillExists`.
 *
 * @see docs/spec/tpb-platform.md#23-verification §2.3, §2.4, §8, §10, §11, §12.1
 */
import {
  chatSendMessage,
  chatTransferSkillNotExisting,
  messagingSendMessage,
  messagingTransferSkillNotExisting,
  missingActionAndMessages,
  multipleActions,
  noMessagesAndNotSupportedAction,
  quickRepliesNotSupported,
} from '../platform/error-codes.ts';
import { isObject, type NeutralItem, type NeutralReply } from './neutral-reply.ts';

/** The conversation the reply is for. */
export interface VerifyReplyOptions {
  channel: 'messaging' | 'chat';
  /** Looks a TRANSFER skill name up on the account (case-sensitive); omitted, no lookup is made. */
  skillExists?: (skillName: string) => boolean;
}

/** An item the platform drops at send time instead of escalating, and why. */
export interface DroppedItem {
  item: NeutralItem;
  /** Opens with the rule id: `BOT-SC-10: items[0] encodedMetadata is not valid base64.` */
  reason: string;
}

/** The outcome of `verifyReply`: the reply to render, or the escalation it causes. */
export type VerifyResult =
  | {
      ok: true;
      /** The reply to render: dropped items removed, an unsupported action ignored, all warnings. */
      reply: NeutralReply;
      dropped: DroppedItem[];
      /** The parser's warnings followed by verification's own. */
      warnings: string[];
    }
  | { ok: false; code: string; detail: string };

/** encodedMetadata limit: "5k", 5000 characters in the templates (§2.4, §11). */
export const encodedMetadataMaxLength = 5000;
/** Public API limit of a serialized structured content; only a warning on the bot path (§11). */
export const structuredContentMaxBytes = 15000;

// Standard base64 with padding: groups of four, "=" only at the end.
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Verifies a parsed reply for a conversation of `channel`.
 *
 * @example
 * const verified = verifyReply(parsed.reply, { channel: 'messaging', skillExists: (n) => skills.has(n) });
 * if (!verified.ok) escalate(verified.code, verified.detail);
 */
export function verifyReply(reply: NeutralReply, options: VerifyReplyOptions): VerifyResult {
  const { channel } = options;
  const { items, action, actionNames } = reply;
  const warnings = [...reply.warnings];

  if (actionNames.length > 1) {
    return fail(
      multipleActions,
      `Failed to verify the reply: it carries ${actionNames.length} actions (${quote(actionNames)}). Return at most one action.`,
    );
  }
  if (items.length === 0 && actionNames.length === 0) {
    const intent = reply.intent ? ` (only the intent "${reply.intent.id}")` : '';
    return fail(
      missingActionAndMessages,
      `Failed to verify the reply: it has neither messages nor an action${intent}. Return at least one message, a delay or a supported action.`,
    );
  }
  if (items.length === 0 && !action) {
    return fail(
      noMessagesAndNotSupportedAction,
      `Failed to verify the reply: it has no messages and only the unsupported action ${quote(actionNames)}. Use a supported action name in exact case.`,
    );
  }
  if (!action && actionNames.length === 1) {
    warnings.push(
      `BOT-REPLY-03: the unsupported action ${quote(actionNames)} was ignored; the messages were sent.`,
    );
  }
  const quickReplies = items.findIndex((item) => item.kind === 'qr');
  if (channel === 'chat' && quickReplies !== -1) {
    return fail(
      quickRepliesNotSupported,
      `Failed to verify the reply: items[${quickReplies}] holds quick replies, which chat conversations do not support. Send quick replies in messaging only.`,
    );
  }

  const kept: NeutralItem[] = [];
  const dropped: DroppedItem[] = [];
  for (const [index, item] of items.entries()) {
    const malformed =
      (item.kind === 'sc' && !isObject(item.structuredContent)) ||
      (item.kind === 'qr' && !isObject(item.quickReplies));
    if (malformed) {
      return fail(
        channel === 'chat' ? chatSendMessage : messagingSendMessage,
        `Failed to send items[${index}]: its structured content is not an object. Send a rich-content body or a {message, quickReplies} wrapper.`,
      );
    }
    const size = structuredContentBytes(item);
    if (size > structuredContentMaxBytes) {
      warnings.push(
        `BOT-SC-08: items[${index}] structured content is ${size} bytes; the Public API accepts at most ${structuredContentMaxBytes}.`,
      );
    }
    const reason = encodedMetadataProblem(item, index, channel);
    if (reason) dropped.push({ item, reason });
    else kept.push(item);
  }

  if (
    action?.name === 'TRANSFER' &&
    action.skill !== undefined &&
    options.skillExists &&
    !options.skillExists(action.skill)
  ) {
    return fail(
      channel === 'chat' ? chatTransferSkillNotExisting : messagingTransferSkillNotExisting,
      `Failed to transfer: no skill is named "${action.skill}" on the account (names are case-sensitive). Use an existing skill name.`,
    );
  }
  if (action?.name === 'CHANGE_TTR' && channel === 'chat') {
    warnings.push('BOT-REPLY-07: CHANGE_TTR applies to messaging only; in chat it has no effect.');
  }

  return { ok: true, reply: { ...reply, items: kept, warnings }, dropped, warnings };
}

function fail(code: string, detail: string): VerifyResult {
  return { ok: false, code, detail };
}

function quote(names: string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

function structuredContentBytes(item: NeutralItem): number {
  if (item.kind === 'sc') return Buffer.byteLength(JSON.stringify(item.structuredContent) ?? '');
  if (item.kind === 'qr') {
    return Buffer.byteLength(
      JSON.stringify({ message: item.message, quickReplies: item.quickReplies }),
    );
  }
  return 0;
}

/** Why the platform would drop this item for its encodedMetadata, or undefined to send it. */
function encodedMetadataProblem(
  item: NeutralItem,
  index: number,
  channel: 'messaging' | 'chat',
): string | undefined {
  if (item.kind !== 'text' && item.kind !== 'sc' && item.kind !== 'qr') return undefined;
  const { encodedMetadata } = item;
  if (encodedMetadata === undefined) return undefined;
  if (channel === 'chat') {
    return `BOT-SC-11: items[${index}] carries encodedMetadata, which chat conversations do not support.`;
  }
  if (encodedMetadata.length > encodedMetadataMaxLength) {
    return `BOT-SC-10: items[${index}] encodedMetadata is ${encodedMetadata.length} characters; at most ${encodedMetadataMaxLength} are allowed.`;
  }
  if (!base64.test(encodedMetadata)) {
    return `BOT-SC-10: items[${index}] encodedMetadata is not valid base64.`;
  }
  return undefined;
}
